using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>The <c>Web</c> section's addresses: every listen address and the public URL parse as http(s) URLs (rules a
/// data annotation cannot state: <c>Urls</c> is a ';'-separated list that may use Kestrel's '*' and '+' hosts).</summary>
internal sealed class WebAddressesValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var listen)
                || listen.Scheme is not ("http" or "https"))
            {
                problems.Add(new(nameof(WebOptions.Urls), $"'{url}' is not a listen address like http://127.0.0.1:5080"));
            }
        }

        if (options.PublicUrl is { } publicUrl && (!publicUrl.IsAbsoluteUri || publicUrl.Scheme is not ("http" or "https")))
        {
            problems.Add(new(nameof(WebOptions.PublicUrl), $"'{publicUrl}' must start with http:// or https://"));
        }

        return ConfigRules.ToResult(problems);
    }
}
