namespace LabelBridge.Core.Configuration;

/// <summary>Where a secret comes from: an environment variable or a file (e.g. a mounted Docker/Kubernetes secret).</summary>
/// <remarks>Never a literal in the config file, so a config can be committed and shared.</remarks>
public sealed class SecretOptions
{
    /// <summary>Name of the environment variable holding the secret.</summary>
    public string? Env { get; set; }

    /// <summary>Path of a file whose trimmed content is the secret.</summary>
    public string? File { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Env) || !string.IsNullOrWhiteSpace(File);

    public override string ToString() =>
        !string.IsNullOrWhiteSpace(Env) ? (SecretShapes.LooksLikeToken(Env) ? "env:(a value shaped like a token, not shown)" : $"env:{Env}") : !string.IsNullOrWhiteSpace(File) ? $"file:{File}" : "(none)";
}
