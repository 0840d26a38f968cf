using System.CommandLine;
using LabelBridge.Core.Configuration;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Web;

namespace LabelBridge.Host.Cli;

/// <summary><c>labelbridge serve</c>: scheduled sweeps (Quartz), the web API, webhooks and health, until stopped.</summary>
internal static class ServeCommand
{
    /// <summary>Short tokens fall to guessing even when throttled; 32 random characters do not.</summary>
    public const int MinApiTokenLength = 32;

    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Run the worker: scheduled sweeps, web API, webhooks, health");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = ConfigurationLoader.Load(parseResult.GetValue(CommonOptions.Config));
            var token = new SecretResolver().TryResolve(configuration.Options.Web.ApiToken, out var problem);
            var problems = configuration.Problems.ToList();
            if (token is null)
            {
                problems.Add(new ConfigProblem("Web.ApiToken", $"the web API needs a token: {problem}"));
            }
            else if (token.Reveal().Trim().Length < MinApiTokenLength)
            {
                problems.Add(new ConfigProblem(
                    "Web.ApiToken", $"the token is shorter than {MinApiTokenLength} characters; make a long random one (e.g. `openssl rand -hex 32`)"));
            }

            if (problems.Count > 0)
            {
                ConfigProblemsTable.Write(context.Console, configuration with { Problems = problems });
                return ExitCodes.ConfigurationError;
            }

            await using var app = ServeHost.Build(configuration.Options, token!);
            await app.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
