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
            var fromEnvironment = readEnvironment(options.Env);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return new Secret(fromEnvironment.Trim());
            }

            if (string.IsNullOrWhiteSpace(options.File))
            {
                problem = $"environment variable {options.Env} is not set or empty: export it before starting LabelBridge";
                return null;
            }
        }

        var path = options.File!;
        if (!System.IO.File.Exists(path))
        {
            problem = $"secret file '{path}' does not exist";
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
}
