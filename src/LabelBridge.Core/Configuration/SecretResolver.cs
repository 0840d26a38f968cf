namespace LabelBridge.Core.Configuration;

/// <summary>Resolves <see cref="SecretOptions"/> from the environment or files.</summary>
public sealed class SecretResolver
{
    private readonly Func<string, string?> readEnvironment;

    public SecretResolver()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public SecretResolver(Func<string, string?> readEnvironment)
    {
        this.readEnvironment = readEnvironment;
    }

    /// <summary>The secret, or null with <paramref name="problem"/> saying (without the value) why it is missing.</summary>
    public Secret? TryResolve(SecretOptions? options, out string? problem)
    {
        problem = null;
        if (options is null || !options.IsConfigured)
        {
            problem = "no secret configured: set Env (an environment variable name) or File (a path)";
            return null;
        }

        if (!string.IsNullOrWhiteSpace(options.Env))
        {
            if (!IsVariableName(options.Env))
            {
                // Most likely the token itself was pasted where its variable's name belongs: never repeat it.
                problem = "Env must be the NAME of an environment variable (letters, digits and '_'); the value given is not one "
                    + "and is not repeated here, in case it is the secret itself";
                return null;
            }

            var fromEnvironment = readEnvironment(options.Env);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return new Secret(fromEnvironment.Trim());
            }

            if (string.IsNullOrWhiteSpace(options.File))
            {
                problem = SecretShapes.LooksLikeToken(options.Env)
                    ? "Env must be the NAME of an environment variable, and no variable of the name given is set; the name looks like a token "
                        + "and is not repeated here, in case it is the secret itself"
                    : $"environment variable {options.Env} is not set or empty: export it before starting LabelBridge";
                return null;
            }
        }

        var path = options.File!;
        if (!System.IO.File.Exists(path))
        {
            problem = LooksLikePath(path)
                ? $"secret file '{path}' does not exist"
                : "secret file does not exist; the File value does not look like a path and is not repeated here, in case it is the secret itself";
            return null;
        }

        var fromFile = System.IO.File.ReadAllText(path).Trim();
        if (fromFile.Length == 0)
        {
            problem = $"secret file '{path}' is empty";
            return null;
        }

        return new Secret(fromFile);
    }

    private static bool IsVariableName(string name)
    {
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A path names a folder or a file with an extension; a bare run of token characters is more likely a pasted secret.</summary>
    private static bool LooksLikePath(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Contains('.', StringComparison.Ordinal);
}
