using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>Creates connectors for configured platforms of one kind. Registered once per kind.</summary>
public interface IPlatformConnectorFactory
{
    PlatformKind Kind { get; }

    IPlatformConnector Create(PlatformOptions platform);
}
