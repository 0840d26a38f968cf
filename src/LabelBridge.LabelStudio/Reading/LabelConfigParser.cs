using System.Xml;
using System.Xml.Linq;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Reads the parts of a Label Studio label config LabelBridge uses.</summary>
internal static class LabelConfigParser
{
    private static readonly Dictionary<string, string> ResultTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RectangleLabels"] = "rectanglelabels",
        ["PolygonLabels"] = "polygonlabels",
        ["BrushLabels"] = "brushlabels",
        ["KeyPointLabels"] = "keypointlabels",
        ["Choices"] = "choices",
    };

    public static ProjectLabelConfig Parse(string projectSubject, string? xml)
    {
        var problems = new List<ReadProblem>();
        if (string.IsNullOrWhiteSpace(xml))
        {
            problems.Add(new ReadProblem(projectSubject, "the project has no label config: set one up under Settings → Labeling Interface."));
            return new ProjectLabelConfig(null, [], problems);
        }

        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException ex)
        {
            problems.Add(new ReadProblem(projectSubject, $"the label config is not valid XML (line {ex.LineNumber}): {ex.Message}"));
            return new ProjectLabelConfig(null, [], problems);
        }

        var images = document.Descendants()
            .Where(e => e.Name.LocalName.Equals("Image", StringComparison.OrdinalIgnoreCase))
            .Select(e => new ImageObject(Attribute(e, "name") ?? "", (Attribute(e, "value") ?? "").TrimStart('$')))
            .Where(i => i.Name.Length > 0 && i.DataKey.Length > 0)
            .ToList();
        var controls = new List<LabelControl>();
        foreach (var element in document.Descendants())
        {
            if (!ResultTypes.TryGetValue(element.Name.LocalName, out var resultType))
            {
                continue;
            }

            var name = Attribute(element, "name");
            var toName = Attribute(element, "toName")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(toName))
            {
                problems.Add(new ReadProblem(projectSubject, $"a <{element.Name.LocalName}> control has no name or toName; its results are skipped."));
                continue;
            }

            var childTag = resultType == "choices" ? "Choice" : "Label";
            var values = element.Elements()
                .Where(c => c.Name.LocalName.Equals(childTag, StringComparison.OrdinalIgnoreCase))
                .Select(c => Attribute(c, "alias") ?? Attribute(c, "value"))
                .OfType<string>()
                .ToList();
            controls.Add(new LabelControl(name, resultType, toName, values));
        }

        if (images.Count == 0)
        {
            problems.Add(new ReadProblem(projectSubject, "the label config has no <Image> object: LabelBridge reads image projects only."));
            return new ProjectLabelConfig(null, [], problems);
        }

        var image = controls.Where(c => c.ResultType != "choices").Concat(controls)
            .Select(c => images.FirstOrDefault(i => i.Name == c.ToName))
            .FirstOrDefault(i => i is not null)
            ?? images[0];
        if (images.Count > 1)
        {
            problems.Add(new ReadProblem(projectSubject,
                $"the label config has {images.Count} <Image> objects ({string.Join(", ", images.Select(i => i.Name))}); LabelBridge reads one image per task and uses '{image.Name}'."));
        }

        var used = new List<LabelControl>();
        foreach (var control in controls)
        {
            if (control.ToName == image.Name)
            {
                used.Add(control);
            }
            else
            {
                problems.Add(new ReadProblem(projectSubject,
                    $"control '{control.Name}' labels '{control.ToName}', not the image '{image.Name}' LabelBridge reads; its results are skipped."));
            }
        }

        if (used.Count == 0)
        {
            problems.Add(new ReadProblem(projectSubject,
                $"no RectangleLabels, PolygonLabels, BrushLabels, KeyPointLabels or Choices control labels the image '{image.Name}'."));
        }

        return new ProjectLabelConfig(image, used, problems);
    }

    private static string? Attribute(XElement element, string name) =>
        element.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}
