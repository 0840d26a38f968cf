using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Analysis;

/// <summary>One population of annotations to analyse: their embeddings, keys and labels, and their boxes.</summary>
/// <remarks>Image-level labels and object crops are different populations and must never be each other's
/// neighbours, so a caller builds one input per population (<see cref="ForObjects"/>, <see cref="ForImageLabels"/>)
/// and analyses each on its own. Boxes are separate from vectors: an annotation whose crop could not be embedded
/// (a box outside the frame, say) still gets its geometry checked.</remarks>
/// <param name="Dimension">D, the length of each vector.</param>
/// <param name="Vectors">N×D floats, row-major, expected L2-normalised; NaN or zero rows are skipped with a note.</param>
/// <param name="AnnotationKeys">Row i belongs to AnnotationKeys[i].</param>
/// <param name="Labels">Row i carries Labels[i].</param>
/// <param name="Boxes">Boxes to check for geometry findings; may include annotations without a vector.</param>
public sealed record AnalysisInput(
    int Dimension,
    float[] Vectors,
    IReadOnlyList<string> AnnotationKeys,
    IReadOnlyList<string> Labels,
    IReadOnlyList<AnnotatedBox> Boxes)
{
    public int Count => AnnotationKeys.Count;

    /// <summary>The object annotations (boxes, polygons, masks...) of a project with their embeddings.</summary>
    public static AnalysisInput ForObjects(EmbeddingSet embeddings, IReadOnlyList<Annotation> annotations, IReadOnlyList<Item> items) =>
        Select(embeddings, annotations, items, imageLevel: false);

    /// <summary>The image-level labels (CVAT tags, Label Studio choices) of a project with their embeddings.</summary>
    public static AnalysisInput ForImageLabels(EmbeddingSet embeddings, IReadOnlyList<Annotation> annotations) =>
        Select(embeddings, annotations, [], imageLevel: true);

    private static AnalysisInput Select(EmbeddingSet embeddings, IReadOnlyList<Annotation> annotations, IReadOnlyList<Item> items, bool imageLevel)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(items);
        var byKey = new Dictionary<string, Annotation>(StringComparer.Ordinal);
        foreach (var annotation in annotations)
        {
            if (annotation.IsImageLevel == imageLevel)
            {
                byKey.TryAdd(annotation.Key, annotation);
            }
        }

        var rows = new List<int>();
        for (var i = 0; i < embeddings.AnnotationKeys.Count; i++)
        {
            if (byKey.ContainsKey(embeddings.AnnotationKeys[i]))
            {
                rows.Add(i);
            }
        }

        var dimension = embeddings.Dimension;
        // Every row of the set in this population (a project without image-level labels): its vectors are read where
        // they are, not copied.
        var all = rows.Count == embeddings.AnnotationKeys.Count && embeddings.Vectors.Length == rows.Count * dimension;
        var vectors = all ? embeddings.Vectors : new float[rows.Count * dimension];
        var keys = new string[rows.Count];
        var labels = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            if (!all)
            {
                embeddings.Row(rows[r]).CopyTo(vectors.AsSpan(r * dimension, dimension));
            }

            keys[r] = embeddings.AnnotationKeys[rows[r]];
            labels[r] = byKey[keys[r]].Label;
        }

        var boxes = new List<AnnotatedBox>();
        if (!imageLevel)
        {
            var itemsByKey = new Dictionary<string, Item>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                itemsByKey.TryAdd(item.Key, item);
            }

            foreach (var annotation in byKey.Values)
            {
                itemsByKey.TryGetValue(annotation.ItemKey, out var item);
                boxes.Add(new AnnotatedBox(annotation.Key, annotation.Label, annotation.Box, item?.Width ?? 0, item?.Height ?? 0));
            }
        }

        return new AnalysisInput(dimension, vectors, keys, labels, boxes);
    }
}

/// <summary>An annotation's box and the size of the image it sits on, for the geometry checks.</summary>
/// <param name="AnnotationKey">The annotation.</param>
/// <param name="Label">Its given label (the tiny-for-its-class check compares within a label).</param>
/// <param name="Box">The box in original-image pixels.</param>
/// <param name="ItemWidth">Image width in pixels; 0 when unknown (the outside-the-frame check is skipped).</param>
/// <param name="ItemHeight">Image height in pixels; 0 when unknown.</param>
public sealed record AnnotatedBox(string AnnotationKey, string Label, PixelBox Box, int ItemWidth, int ItemHeight);
