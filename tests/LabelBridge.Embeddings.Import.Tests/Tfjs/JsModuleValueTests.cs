using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Tests.Tfjs;

public sealed class JsModuleValueTests
{
    private const string Wrapper = "!function(t){module.exports=t()}(function(){return function t(e){return e}({1:[function(t,e,a){e.exports=";
    private const string Tail = "},{}]},{},[1])(1)});";

    [Fact]
    public void Minified_object_literal_reads_as_json()
    {
        using var document = JsModuleValue.ReadObject(Wrapper + "{format:\"graph-model\",a:[.5,-.25,1e-3,7],b:!0,c:!1,d:null,\"e f\":{g:\"x\\\"y\"}}" + Tail);
        var root = document.RootElement;

        Assert.Equal("graph-model", root.GetProperty("format").GetString());
        Assert.Equal([0.5, -0.25, 0.001, 7], root.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(root.GetProperty("b").GetBoolean());
        Assert.False(root.GetProperty("c").GetBoolean());
        Assert.Equal("x\"y", root.GetProperty("e f").GetProperty("g").GetString());
    }

    [Fact]
    public void Exported_string_reads_as_is()
    {
        Assert.Equal("AAEC/w==", JsModuleValue.ReadString(Wrapper + "\"AAEC/w==\"" + Tail));
    }

    [Fact]
    public void Script_without_an_export_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => JsModuleValue.ReadObject("console.log(1)"));
    }
}
