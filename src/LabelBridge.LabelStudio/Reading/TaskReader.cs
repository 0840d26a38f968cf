using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;

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
        var (width, height) = ServedSize(task.Id, results, problems);
        // The server's identity because a relative upload URL (or the same task id) names different images on two
        // servers; not the task's updated_at, which our own meta PATCH renews every sweep (the URL changes with the file).
        var item = new Item(
            itemKey,
            ContentHash.Of(ServerIdentity.Of(baseUrl), task.Id.ToString(CultureInfo.InvariantCulture), url.AbsoluteUri),
            width,
            height,
            new ItemLocation(task.Id),
            url.AbsoluteUri,
            NameBounds.Cut(DisplayName(url), itemKey, $"the file name of task {task.Id}", problems));

        var annotations = new List<Annotation>();
        foreach (var result in results)
        {
            ReadRegion(task.Id, current!, result, config, item, annotations, problems);
        }

        return new TaskReadResult(item, annotations, problems);
    }

    /// <summary>The image size the regions claim, from the first region whose size an image can have; a size beyond
    /// ±1e6 px is not trusted (it would become every choice's box), so when no region has a usable one the item's size
    /// is left unknown and named.</summary>
    private static (int Width, int Height) ServedSize(long taskId, IReadOnlyList<LsResult> results, List<ReadProblem> problems)
    {
        var sized = results.Where(r => r.OriginalWidth > 0 && r.OriginalHeight > 0).ToList();
        var usable = sized.FirstOrDefault(r => r.OriginalWidth <= BoxBounds.MaxCoordinate && r.OriginalHeight <= BoxBounds.MaxCoordinate);
        if (usable is not null)
        {
            return ((int)Math.Round(usable.OriginalWidth!.Value), (int)Math.Round(usable.OriginalHeight!.Value));
        }

        if (sized.Count > 0)
        {
            problems.Add(new ReadProblem(ItemKey(taskId), string.Create(
                CultureInfo.InvariantCulture,
                $"task {taskId}'s regions claim an image of {sized[0].OriginalWidth:G4}x{sized[0].OriginalHeight:G4} px, beyond ±{BoxBounds.MaxCoordinate:0} px; the item's size is left unknown.")));
        }

        return (0, 0);
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

        var origin = new AnnotationOrigin(result.Id ?? "", result.Type ?? control.ResultType, annotation.Id, control.Name, result.ToName ?? control.ToName,
            Annotator: AnnotatorOf(annotation.CompletedBy));
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

        if (result.Id.Length > NameBounds.MaxLength)
        {
            problems.Add(new ReadProblem(item.Key, $"a '{result.Type}' region on task {taskId} has an id of {result.Id.Length} characters (at most {NameBounds.MaxLength}); skipped."));
            return;
        }

        var label = FirstLabel(result.Value, control.ResultType);
        if (label is null)
        {
            problems.Add(new ReadProblem(subject, $"region {result.Id} on task {taskId} has no label in value.{control.ResultType}; skipped."));
            return;
        }

        label = NameBounds.Cut(label, subject, $"the label of region {result.Id} on task {taskId}", problems);

        var width = (int)Math.Round(result.OriginalWidth ?? 0);
        var height = (int)Math.Round(result.OriginalHeight ?? 0);
        if (width <= 0 || height <= 0)
        {
            problems.Add(new ReadProblem(subject, $"region {result.Id} on task {taskId} has no original_width/original_height, so its percentages cannot become pixels; skipped."));
            return;
        }

        var (shape, box, error) = control.ResultType switch
        {
            "rectanglelabels" => RegionValues.RectangleBox(result.Value, width, height),
            "polygonlabels" => RegionValues.PolygonBox(result.Value, width, height),
            "keypointlabels" => RegionValues.KeyPointBox(result.Value, width, height),
            "brushlabels" => RegionValues.BrushBox(result.Value, width, height),
            _ => (ShapeKind.Rectangle, default(PixelBox), $"type '{control.ResultType}' is not read"),
        };
        // Percentages within 0-100 can still give an unusable box: a key point 1e308 wide, an image size of 1e9.
        error ??= BoxBounds.Problem(box);
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

            chosen = NameBounds.Cut(chosen, item.Key, $"a '{control.Name}' choice on task {taskId}", problems);

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

    /// <summary>Label Studio's <c>completed_by</c>: a user id in the task's annotations, or the user object (email) when expanded.</summary>
    internal static string? AnnotatorOf(JsonNode? completedBy) => completedBy switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => string.Create(CultureInfo.InvariantCulture, $"user {id}"),
        JsonObject user when (string?)user["email"] is { Length: > 0 } email => email,
        JsonObject user when user["id"] is JsonValue id && id.TryGetValue<long>(out var number) =>
            string.Create(CultureInfo.InvariantCulture, $"user {number}"),
        _ => null,
    };
}
