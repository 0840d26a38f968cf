using System.Text.Json;
using System.Text.Json.Serialization;
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

    public static RefitSettings RefitSettings() => new(new SystemTextJsonContentSerializer(Options));
}
