using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Cvat.Reading;

/// <summary>Items, annotations and problems collected job by job; a key seen twice (overlapping jobs) is kept once.</summary>
internal sealed class SnapshotParts
{
    private readonly HashSet<string> itemKeys = [];
    private readonly HashSet<string> annotationKeys = [];

    public List<Item> Items { get; } = [];

    public List<Annotation> Annotations { get; } = [];

    public List<ReadProblem> Problems { get; } = [];

    public void Add(Item item)
    {
        if (itemKeys.Add(item.Key))
        {
            Items.Add(item);
        }
    }

    public void Add(Annotation annotation)
    {
        if (annotationKeys.Add(annotation.Key))
        {
            Annotations.Add(annotation);
        }
    }

    public void Problem(string subject, string reason) => Problems.Add(new ReadProblem(subject, reason));
}
