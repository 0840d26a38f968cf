using System.Text.Json;

namespace LabelBridge.LabelStudio.Api;

internal static class LabelStudioJson
{
    /// <summary>Label Studio speaks snake_case JSON and omits nothing LabelBridge relies on.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };
}
