using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBridge.Core.Configuration;
using LabelBridge.Platforms;
using Refit;

namespace LabelBridge.Cvat.Api;

/// <summary>CVAT speaks snake_case JSON and answers with <c>application/vnd.cvat+json</c>.</summary>
internal static class CvatSerialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Answers are read within the platform's MaxResponseBytes and minimum transfer rate; error answers are scrubbed.</summary>
    public static RefitSettings RefitSettings(PlatformOptions platform) =>
        PlatformRefitSettings.Create(Options, platform);
}
