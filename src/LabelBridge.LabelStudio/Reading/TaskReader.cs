using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.LabelConfig;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>One task's image and the regions of its newest non-cancelled annotation.</summary>
internal sealed record TaskReadResult(Item? Item, IReadOnlyList<Annotation> Annotations, IReadOnlyList<ReadProblem> Problems);

/// <summary>Turns a Label Studio task into vocabulary: an item and its annotations, with a named problem for every region
/// that cannot be used. One bad region never stops the others.</summary>
internal static class TaskReader
{
    public static string ItemKey(long taskId) => $"ls:task/{taskId}";

    public static string RegionKey(long taskId, string regionId) => $"ls:task/{taskId}/region/{regionId}";

    public static string ChoiceKey(long taskId, string control, string value) => $"ls:task/{taskId}/choice/{control}/{value}";

    /// <summary>The task id in an item or annotation key, or null when the key is not a Label Studio one.</summary>
    public static long? TaskIdOf(string key)
    {
        const string prefix = "ls:task/";
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf('/', prefix.Length);
        var digits = end < 0 ? key[prefix.Length..] : key[prefix.Length..end];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The newest annotation that was not cancelled (skipped), by last update, then id.</summary>
    public static LsAnnotation? CurrentAnnotation(IEnumerable<LsAnnotation>? annotations) =>
        annotations?
            .Where(a => !a.WasCancelled)
            .OrderByDescending(a => a.UpdatedAt ?? a.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(a => a.Id)
            .FirstOrDefault();

    public static TaskReadResult Read(LsTask task, ProjectLabelConfig config, Uri baseUrl)
    {
        var itemKey = ItemKey(task.Id);
        var problems = new List<ReadProblem>();
        if (config.Image is not { } image)
        {
            return new TaskReadResult(null, [], problems);
        }

        var url = ImageUrl(task, image, baseUrl, problems);
        if (url is null)
        {
            return new TaskReadResult(null, [], problems);
        }

        var current = CurrentAnnotation(task.Annotations);
        if (current is null && task.Annotations is { Count: > 0 })
        {
            problems.Add(new ReadProblem(itemKey, $"every annotation of task {task.Id} was cancelled (skipped); the task is not checked."));
        }
        else if (current is not null && (current.Result is null || current.Result.Count == 0))
        {
            problems.Add(new ReadProblem(itemKey, $"annotation {current.Id} of task {task.Id} is empty (submitted with no regions)."));
        }

        var results = current?.Result ?? [];
        var sized = results.FirstOrDefault(r => r.OriginalWidth > 0 && r.OriginalHeight > 0);
        var width = (int)Math.Round(sized?.OriginalWidth ?? 0);
        var height = (int)Math.Round(sized?.OriginalHeight ?? 0);
        var item = new Item(
            itemKey,
            ContentHash.Of(task.Id.ToString(CultureInfo.InvariantCulture), url.AbsoluteUri),
            width,
            height,
            new ItemLocation(task.Id),
            url.AbsoluteUri,
            DisplayName(url));

        var annotations = new List<Annotation>();
        foreach (var result in results)
        {
            ReadRegion(task.Id, current!, result, config, item, annotations, problems);
        }

        return new TaskReadResult(item, annotations, problems);
    }

    private static Uri? ImageUrl(LsTask task, ImageObject image, Uri baseUrl, List<ReadProblem> problems)
    {
        var itemKey = ItemKey(task.Id);
        var raw = task.Data?[image.DataKey] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problems.Add(new ReadProblem(itemKey, $"task {task.Id} has no image URL in data.{image.DataKey}."));
            return null;
        }

        if (!Uri.TryCreate(baseUrl, raw, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add(new ReadProblem(itemKey,
                $"task {task.Id}'s image '{raw}' is not an http(s) URL LabelBridge can fetch; connect the storage in Label Studio so it serves the file."));
            return null;
        }

        return url;
    }

    private static string DisplayName(Uri url)
    {
        var segment = url.Segments.Length > 0 ? url.Segments[^1] : url.Host;
        return Uri.UnescapeDataString(segment.Trim('/'));
    }

    private static void ReadRegion(
        long taskId, LsAnnotation annotation, LsResult result, ProjectLabelConfig config, Item item,
        List<Annotation> annotations, List<ReadProblem> problems)
    {
        if (result.Type is "relation")
        {
            return;
        }

        var subject = result.Id is { Length: > 0 } id ? RegionKey(taskId, id) : item.Key;
        var control = config.FindControl(result.FromName);
        if (control is null || result.Value is null)
        {
            problems.Add(new ReadProblem(subject,
                $"region of type '{result.Type}' on task {taskId} comes from control '{result.FromName}', which LabelBridge does not read (it reads RectangleLabels, PolygonLabels, BrushLabels, KeyPointLabels and Choices on the image)."));
            return;
        }

        var origin = new AnnotationOrigin(result.Id ?? "", result.Type ?? control.ResultType, annotation.Id, control.Name, result.ToName ?? control.ToName);
        if (control.ResultType == "choices")
        {
            ReadChoices(taskId, result.Value, control, item, origin, annotations, problems);
            return;
        }

        if (result.Type != control.ResultType)
        {
            problems.Add(new ReadProblem(subject, $"region on task {taskId} has type '{result.Type}' but control '{control.Name}' produces '{control.ResultType}'; skipped."));
            return;
        }

        if (string.IsNullOrEmpty(result.Id))
        {
            problems.Add(new ReadProblem(subject, $"a '{result.Type}' region on task {taskId} has no id; skipped."));
            return;
        }

        var label = FirstLabel(result.Value, control.ResultType);
        if (label is null)
        {
            problems.Add(new ReadProblem(subject, $"region {result.Id} on task {taskId} has no label in value.{control.ResultType}; skipped."));
            return;
        }

        var width = (int)Math.Round(result.OriginalWidth ?? 0);
        var height = (int)Math.Round(result.OriginalHeight ?? 0);
        if (width <= 0 || height <= 0)
        {
            problems.Add(new ReadProblem(subject, $"region {result.Id} on task {taskId} has no original_width/original_height, so its percentages cannot become pixels; skipped."));
            return;
        }

        var (shape, box, error) = control.ResultType switch
        {
            "rectanglelabels" => RectangleBox(result.Value, width, height),
            "polygonlabels" => PolygonBox(result.Value, width, height),
            "keypointlabels" => KeyPointBox(result.Value, width, height),
            "brushlabels" => BrushBox(result.Value, width, height),
            _ => (ShapeKind.Rectangle, default(PixelBox), $"type '{control.ResultType}' is not read"),
        };
        if (error is not null)
        {
            problems.Add(new ReadProblem(subject, $"region {result.Id} on task {taskId}: {error}; skipped."));
            return;
        }

        annotations.Add(new Annotation(subject, item.Key, label, shape, box, VersionOf(label, box, shape), origin));
    }

    private static void ReadChoices(
        long taskId, JsonObject value, LabelControl control, Item item, AnnotationOrigin origin,
        List<Annotation> annotations, List<ReadProblem> problems)
    {
        if (value["choices"] is not JsonArray choices || choices.Count == 0)
        {
            problems.Add(new ReadProblem(item.Key, $"the '{control.Name}' choices result on task {taskId} has no chosen value; skipped."));
            return;
        }

        var box = new PixelBox(0, 0, item.Width, item.Height);
        foreach (var choice in choices)
        {
            if (choice is not JsonValue v || !v.TryGetValue<string>(out var chosen) || chosen.Length == 0)
            {
                continue;
            }

            annotations.Add(new Annotation(
                ChoiceKey(taskId, control.Name, chosen),
                item.Key,
                chosen,
                ShapeKind.ImageLabel,
                box,
                VersionOf(chosen, box, ShapeKind.ImageLabel),
                origin with { ObjectId = chosen }));
        }
    }

    internal static string VersionOf(string label, PixelBox box, ShapeKind shape) =>
        ContentHash.Of(label, box.ToKeyString(), shape.ToString());

    private static string? FirstLabel(JsonObject value, string key) =>
        value[key] is JsonArray labels && labels.Count > 0 && labels[0] is JsonValue v && v.TryGetValue<string>(out var label) && label.Length > 0
            ? label
            : null;

    private static (ShapeKind, PixelBox, string?) RectangleBox(JsonObject value, int width, int height)
    {
        var x = RegionGeometry.Number(value, "x");
        var y = RegionGeometry.Number(value, "y");
        var w = RegionGeometry.Number(value, "width");
        var h = RegionGeometry.Number(value, "height");
        if (x is null || y is null || w is null || h is null)
        {
            return (ShapeKind.Rectangle, default, "x, y, width or height is missing");
        }

        var rotation = RegionGeometry.Number(value, "rotation") ?? 0;
        var rotated = rotation % 360 != 0;
        if (!RegionGeometry.IsPercent(x.Value) || !RegionGeometry.IsPercent(y.Value) || w < 0 || h < 0
            || !RegionGeometry.IsPercent(w.Value) || !RegionGeometry.IsPercent(h.Value)
            || (!rotated && (!RegionGeometry.IsPercent(x.Value + w.Value) || !RegionGeometry.IsPercent(y.Value + h.Value))))
        {
            return (ShapeKind.Rectangle, default, string.Create(CultureInfo.InvariantCulture,
                $"percent values outside 0–100 (x {x:0.##}, y {y:0.##}, width {w:0.##}, height {h:0.##})"));
        }

        var box = RegionGeometry.Rectangle(x.Value, y.Value, w.Value, h.Value, rotation, width, height);
        return (rotated ? ShapeKind.RotatedRectangle : ShapeKind.Rectangle, box, null);
    }

    private static (ShapeKind, PixelBox, string?) PolygonBox(JsonObject value, int width, int height)
    {
        if (value["points"] is not JsonArray points || points.Count == 0)
        {
            return (ShapeKind.Polygon, default, "the polygon has no points");
        }

        var xy = new double[points.Count * 2];
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not JsonArray { Count: >= 2 } p
                || p[0] is not JsonValue px || !px.TryGetValue<double>(out var x)
                || p[1] is not JsonValue py || !py.TryGetValue<double>(out var y))
            {
                return (ShapeKind.Polygon, default, $"polygon point {i} is not an [x, y] pair");
            }

            if (!RegionGeometry.IsPercent(x) || !RegionGeometry.IsPercent(y))
            {
                return (ShapeKind.Polygon, default, string.Create(CultureInfo.InvariantCulture, $"polygon point {i} ({x:0.##}, {y:0.##}) is outside 0–100 percent"));
            }

            xy[2 * i] = x;
            xy[(2 * i) + 1] = y;
        }

        return (ShapeKind.Polygon, RegionGeometry.Polygon(xy, width, height), null);
    }

    private static (ShapeKind, PixelBox, string?) KeyPointBox(JsonObject value, int width, int height)
    {
        var x = RegionGeometry.Number(value, "x");
        var y = RegionGeometry.Number(value, "y");
        if (x is null || y is null)
        {
            return (ShapeKind.KeyPoint, default, "the key point has no x or y");
        }

        if (!RegionGeometry.IsPercent(x.Value) || !RegionGeometry.IsPercent(y.Value))
        {
            return (ShapeKind.KeyPoint, default, string.Create(CultureInfo.InvariantCulture, $"the key point ({x:0.##}, {y:0.##}) is outside 0–100 percent"));
        }

        var size = RegionGeometry.Number(value, "width") ?? 0;
        return (ShapeKind.KeyPoint, RegionGeometry.KeyPoint(x.Value, y.Value, size, width, height), null);
    }

    private static (ShapeKind, PixelBox, string?) BrushBox(JsonObject value, int width, int height)
    {
        var format = value["format"] is JsonValue f && f.TryGetValue<string>(out var s) ? s : "rle";
        if (format != "rle" || value["rle"] is not JsonArray rle)
        {
            return (ShapeKind.Mask, default, $"brush format '{format}' is not read (LabelBridge reads format 'rle')");
        }

        var bytes = new byte[rle.Count];
        for (var i = 0; i < rle.Count; i++)
        {
            if (rle[i] is not JsonValue v || !v.TryGetValue<int>(out var b) || b is < 0 or > 255)
            {
                return (ShapeKind.Mask, default, $"brush RLE value {i} is not a byte");
            }

            bytes[i] = (byte)b;
        }

        var (box, error) = BrushRle.BoundingBox(bytes, width, height);
        return error is not null ? (ShapeKind.Mask, default, error)
            : box is null ? (ShapeKind.Mask, default, "the brush mask is empty")
            : (ShapeKind.Mask, box.Value, null);
    }
}
