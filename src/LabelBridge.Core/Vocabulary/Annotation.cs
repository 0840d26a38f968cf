namespace LabelBridge.Core.Vocabulary;

/// <summary>One labelled object (or image-level label) on an item.</summary>
/// <param name="Key">Stable identity across sweeps, e.g. <c>cvat:shape/123</c>, <c>cvat:track/7@18</c>, <c>ls:task/4/region/abc</c>.</param>
/// <param name="ItemKey">The <see cref="Item.Key"/> it sits on.</param>
/// <param name="Label">The label name given by the annotator.</param>
/// <param name="Shape">How it was drawn.</param>
/// <param name="Box">Its bounding box in original-image pixels (the whole image for <see cref="ShapeKind.ImageLabel"/>).</param>
/// <param name="Version">Changes whenever label or geometry changes; a dismissed finding stays suppressed while it is unchanged.</param>
/// <param name="Origin">Platform ids for write-back.</param>
public sealed record Annotation(
    string Key,
    string ItemKey,
    string Label,
    ShapeKind Shape,
    PixelBox Box,
    string Version,
    AnnotationOrigin Origin)
{
    /// <summary>True for image-level labels, which are never neighbours of object crops.</summary>
    public bool IsImageLevel => Shape == ShapeKind.ImageLabel;
}
