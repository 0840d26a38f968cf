using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>The <c>Web</c> section's ranges, from the data annotations on <see cref="WebOptions"/> (source-generated).</summary>
/// <remarks>Range failures read "The field WebOptions.X must be between A and B.": the generator's copy of RangeAttribute
/// ignores ErrorMessage (Microsoft.Extensions.Options.SourceGeneration 10.0), so none is set; each default is in the
/// property's documentation and in config/.</remarks>
[OptionsValidator]
internal sealed partial class WebOptionsValidator : IValidateOptions<WebOptions>;
