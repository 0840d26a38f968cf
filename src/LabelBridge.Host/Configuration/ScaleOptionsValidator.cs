using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>The <c>Scale</c> section's ranges and instance name, from the data annotations on <see cref="ScaleOptions"/>
/// (source-generated).</summary>
/// <remarks>Range failures read "The field ScaleOptions.X must be between A and B.": the generator's copy of RangeAttribute
/// ignores ErrorMessage (Microsoft.Extensions.Options.SourceGeneration 10.0), so none is set; each default is in the
/// property's documentation and in config/.</remarks>
[OptionsValidator]
internal sealed partial class ScaleOptionsValidator : IValidateOptions<ScaleOptions>;
