using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Errors;
using Refit;

namespace LabelBridge.Platforms;

/// <summary>The Refit settings of one platform's API client: every call carries the platform's JSON answer limits
/// (MaxResponseBytes, BodyReadTimeout, MinimumTransferRate) for <see cref="BoundedResponseHandler"/>, and an error
/// answer is kept short and scrubbed of credentials before anything can log or store it.</summary>
public static class PlatformRefitSettings
{
    public static RefitSettings Create(JsonSerializerOptions json, PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new RefitSettings(new SystemTextJsonContentSerializer(json))
        {
            HttpRequestMessageOptions = new Dictionary<string, object> { [BodyReadLimits.RequestOption.Key] = BodyReadLimits.ForJson(platform) },
            MaxExceptionContentLength = ErrorBodies.MaxCharacters,
            ExceptionRedactor = ErrorBodies.Redact,
        };
    }
}
