namespace LabelBridge.Embeddings.Import.Onnx;

/// <summary>ONNX tensor element types used by LabelBridge (values are onnx.proto's <c>TensorProto.DataType</c>).</summary>
public enum OnnxElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
}
