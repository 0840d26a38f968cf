using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelBridge.Core.Sweeps;

/// <summary>Stage results as they are written to and read from the store.</summary>
public static class SweepCheckpoints
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static T Deserialize<T>(byte[] data) =>
        JsonSerializer.Deserialize<T>(data, Json) ?? throw new InvalidDataException($"Checkpoint of {typeof(T).Name} is empty.");
}
