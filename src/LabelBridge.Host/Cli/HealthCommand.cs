using System.CommandLine;

using Spectre.Console;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge health --url URL</c>: exit 0 when a running worker answers healthy (the container healthcheck;
/// the runtime image has no curl).</summary>
internal static class HealthCommand
{
    private static readonly Option<string> Url = new("--url")
    {
        Description = "Health endpoint of a running worker",
        DefaultValueFactory = _ => "http://127.0.0.1:5080/health",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("health", "Ask a running worker whether it is healthy") { Url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!Uri.TryCreate(parseResult.GetRequiredValue(Url), UriKind.Absolute, out var url))
            {
                context.Console.WriteLine($"--url '{parseResult.GetRequiredValue(Url)}' is not an absolute URL");
                return ExitCodes.ConfigurationError;
            }

            var services = context.BuildServices(new Core.Configuration.LabelBridgeOptions());
            using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("health");
            client.Timeout = TimeSpan.FromSeconds(5);
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                context.Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (HttpRequestException exception)
            {
                context.Console.WriteLine($"unreachable: {exception.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
