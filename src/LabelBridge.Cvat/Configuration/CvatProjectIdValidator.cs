using LabelBridge.Core.Projects;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Cvat.Configuration;

/// <summary>Each project on a CVAT platform names its CVAT project by number.</summary>
internal sealed class CvatProjectIdValidator() : NumericProjectIdValidator(PlatformKind.Cvat, "CVAT");
