namespace LabelBridge.Core.Vocabulary;

/// <summary>The geometry an annotation was drawn with on its platform.</summary>
/// <remarks><see cref="ImageLabel"/> is an image-level label (a CVAT tag, a Label Studio Choices result):
/// its box is the whole item and it is analysed as a separate population from object crops.</remarks>
public enum ShapeKind
{
    Rectangle,
    RotatedRectangle,
    Polygon,
    Polyline,
    Points,
    Ellipse,
    Mask,
    Skeleton,
    Cuboid,
    KeyPoint,
    ImageLabel,
}
