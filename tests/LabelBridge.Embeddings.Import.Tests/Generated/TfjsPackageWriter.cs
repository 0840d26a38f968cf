using System.Text;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>Writes a model directory the way nsfwjs ships one: JS-wrapped topology and base64 weight shards.</summary>
internal static class TfjsPackageWriter
{
    public static string Write(string directory, string topologyJson, IReadOnlyList<QuantizedWeight> weights)
    {
        Directory.CreateDirectory(directory);
        var bytes = weights.SelectMany(w => w.StoredBytes).ToArray();
        var half = bytes.Length / 2;
        string[] shards = ["group1-shard1of2", "group1-shard2of2"];
        WriteModule(Path.Combine(directory, shards[0] + ".min.js"), $"\"{Convert.ToBase64String(bytes, 0, half)}\"");
        WriteModule(Path.Combine(directory, shards[1] + ".min.js"), $"\"{Convert.ToBase64String(bytes, half, bytes.Length - half)}\"");
        var manifest = $$"""[{"paths":["{{shards[0]}}","{{shards[1]}}"],"weights":[{{string.Join(',', weights.Select(w => w.ManifestEntry()))}}]}]""";
        WriteModule(Path.Combine(directory, "model.min.js"), MinifyKeys($$"""{"format":"generated","modelTopology":{{topologyJson}},"weightsManifest":{{manifest}}}"""));
        return directory;
    }

    /// <summary>Drops the quotes of simple keys and writes booleans as !0/!1, as the JS minifier does.</summary>
    private static string MinifyKeys(string json)
    {
        var text = new StringBuilder(json);
        text.Replace("\"format\":", "format:").Replace("\"modelTopology\":", "modelTopology:").Replace("\"weightsManifest\":", "weightsManifest:")
            .Replace("\"paths\":", "paths:").Replace("\"weights\":", "weights:").Replace(":true", ":!0").Replace(":false", ":!1");
        return text.ToString();
    }

    private static void WriteModule(string path, string value) => File.WriteAllText(
        path,
        "!function(t){if(\"object\"==typeof exports&&\"undefined\"!=typeof module)module.exports=t();else{(\"undefined\"!=typeof window?window:this).model=t()}}"
        + "(function(){return function t(e,a,l){return a}({1:[function(t,e,a){e.exports=" + value + "},{}]},{},[1])(1)});");
}
