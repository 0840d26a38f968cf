namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>A CVAT project with its labels.</summary>
public sealed class EmulatedProject(long id, string name)
{
    public long Id { get; } = id;

    public string Name { get; set; } = name;

    /// <summary>Organization slug; null for the personal workspace (visible only without <c>X-Organization</c>).</summary>
    public string? Organization { get; set; }

    public List<EmulatedLabel> Labels { get; } = [];

    public EmulatedLabel AddLabel(CvatModel model, string name, string type = "any")
    {
        var label = new EmulatedLabel(model.NextId(), name, type);
        lock (model.Gate)
        {
            Labels.Add(label);
        }

        return label;
    }
}

/// <summary>A project label. <see cref="Type"/> is CVAT's label type: any, rectangle, tag, skeleton...</summary>
public sealed record EmulatedLabel(long Id, string Name, string Type = "any", long? ParentId = null);
