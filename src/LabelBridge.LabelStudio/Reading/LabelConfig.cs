using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>What LabelBridge needs from a project's XML label config: the image it reads and the controls drawing on it.</summary>
/// <param name="Image">The image object LabelBridge reads (null when the config has none it can use).</param>
/// <param name="Controls">Labeling controls whose regions land on <paramref name="Image"/>.</param>
/// <param name="Problems">What in the config LabelBridge cannot use, and why.</param>
internal sealed record ProjectLabelConfig(ImageObject? Image, IReadOnlyList<LabelControl> Controls, IReadOnlyList<ReadProblem> Problems)
{
    public LabelControl? FindControl(string? name) =>
        Controls.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>An <c>&lt;Image name="image" value="$image"/&gt;</c> object.</summary>
/// <param name="Name">Its name, which controls refer to in toName.</param>
/// <param name="DataKey">The task data key holding the image URL (the value without <c>$</c>).</param>
internal sealed record ImageObject(string Name, string DataKey);

/// <summary>A control such as <c>RectangleLabels</c> or <c>Choices</c>.</summary>
/// <param name="Name">from_name of its results.</param>
/// <param name="ResultType">The result type it produces (<c>rectanglelabels</c>, <c>choices</c>...).</param>
/// <param name="ToName">The image object it draws on.</param>
/// <param name="Values">Its label or choice values.</param>
internal sealed record LabelControl(string Name, string ResultType, string ToName, IReadOnlyList<string> Values);
