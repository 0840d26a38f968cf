using System.Text.Json.Serialization;

namespace LabelBridge.Storage.Encoding;

[JsonSerializable(typeof(string[]))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
