using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Refit;

namespace LabelBridge.Platforms.Errors;

/// <summary>What LabelBridge keeps of a platform's error answer: its first few thousand characters, with every
/// credential taken out, before it can reach a log line, the store, a report or an exception message.</summary>
/// <remarks>A server or proxy in debug mode echoes the request back, Authorization header included, and an error body
/// can be as large as the server likes (it used to be read whole). The credential the request carried is removed
/// wherever it appears, and so is anything shaped like one (an auth scheme followed by a token, a token-like field).</remarks>
internal static partial class ErrorBodies
{
    /// <summary>Enough for any error message a person reads; Refit stops reading an error answer here.</summary>
    public const int MaxCharacters = 4096;

    public const string Redacted = "[redacted]";

    /// <summary>Refit's exception hook: scrubs the error body and drops the request's credentials from the exception.</summary>
    public static void Redact(ApiExceptionBase exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var request = exception.RequestMessage;
        var secrets = request is null ? [] : SecretsOf(request.Headers);
        if (exception is ApiException { Content: { } content } api)
        {
            api.Content = Scrub(content, secrets);
        }

        request?.Headers.Remove("Authorization");
        if (exception.HasRequestContent)
        {
            exception.RequestContent = null;
        }
    }

    /// <summary>Reads at most <see cref="MaxCharacters"/> bytes of an error answer (the transport bounds how long that may
    /// take) and scrubs them; a body that breaks off gives what arrived.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var buffer = new byte[MaxCharacters];
        var length = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // What arrived before the body broke off or stalled is all there is to say.
        }

        var secrets = response.RequestMessage is { } request ? SecretsOf(request.Headers) : [];
        return Scrub(Encoding.UTF8.GetString(buffer, 0, length), secrets);
    }

    /// <summary>The body cut to <see cref="MaxCharacters"/>, without <paramref name="secrets"/> or anything shaped like a credential.</summary>
    public static string Scrub(string body, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        var text = body.Length > MaxCharacters ? body[..MaxCharacters] : body;
        foreach (var secret in secrets)
        {
            if (secret.Length >= 4)
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        try
        {
            text = SchemeAndToken().Replace(text, m => $"{m.Groups["scheme"].Value} {Redacted}");
            return CredentialField().Replace(text, m => m.Groups["value"].Value[0] switch
            {
                '"' => $"{m.Groups["name"].Value}\"{Redacted}\"",
                '\'' => $"{m.Groups["name"].Value}'{Redacted}'",
                _ => $"{m.Groups["name"].Value}{Redacted}",
            });
        }
        catch (RegexMatchTimeoutException)
        {
            // A body that makes the scrubbing patterns backtrack past their limit is shown as nothing rather than unscrubbed.
            return Redacted;
        }
    }

    /// <summary>The credential values a request carries: the Authorization header's parameter, and for Basic the
    /// password inside it.</summary>
    internal static List<string> SecretsOf(HttpRequestHeaders headers)
    {
        var secrets = new List<string>();
        if (!headers.TryGetValues("Authorization", out var values))
        {
            return secrets;
        }

        foreach (var value in values)
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var parameter = space < 0 ? value : value[(space + 1)..].Trim();
            secrets.Add(parameter);
            if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && TryDecodeBase64(parameter) is { } decoded)
            {
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                secrets.Add(colon < 0 ? decoded : decoded[(colon + 1)..]);
            }
        }

        return secrets;
    }

    private static string? TryDecodeBase64(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    [GeneratedRegex(@"\b(?<scheme>Bearer|Token|Basic|JWT)\s+[A-Za-z0-9._~+/=-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SchemeAndToken();

    [GeneratedRegex(
        @"(?<name>""?(?:authorization|x-api-key|api[_-]?key|access[_-]?token|refresh[_-]?token|token|password|secret|cookie|set-cookie|sessionid|csrftoken)""?\s*[:=]\s*)(?<value>""[^""]*""|'[^']*'|(?:(?:Bearer|Token|Basic|JWT)\s+)?[^\s,;&}""']+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CredentialField();
}
