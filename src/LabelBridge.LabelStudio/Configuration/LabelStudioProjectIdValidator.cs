using LabelBridge.Core.Projects;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Configuration;

/// <summary>Each project on a Label Studio platform names its Label Studio project by number.</summary>
internal sealed class LabelStudioProjectIdValidator() : NumericProjectIdValidator(PlatformKind.LabelStudio, "Label Studio");
