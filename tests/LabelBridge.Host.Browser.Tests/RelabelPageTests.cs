using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>A CVAT project that allows reviewer relabels, swept once and served.</summary>
public sealed class RelabelPageFixture : TriagePageFixture
{
    internal override async Task<SweepHarness> StartHarnessAsync()
    {
        var harness = await SweepHarness.StartCvatAsync();
        harness.Options.Projects[0].AllowReviewerRelabel = true;
        return harness;
    }
}

/// <summary>"Relabel to …" on a finding's card: the label changes in CVAT from the page, and a refusal is shown with its
/// reason.</summary>
public sealed class RelabelPageTests(RelabelPageFixture fixture) : IClassFixture<RelabelPageFixture>
{
    [Fact]
    public async Task Relabelling_to_the_suggested_label_from_a_card_changes_it_in_cvat_and_an_edited_annotation_is_refused_by_name()
    {
        var report = fixture.FirstSweep.Report!;
        var cvat = fixture.Harness.Cvat.Model;
        var mislabels = report.Findings.Where(f => f.Kind == FindingKind.Mislabel && f.SuggestedLabel is not null && f.AnnotationKey.StartsWith("cvat:shape/", StringComparison.Ordinal)).ToList();
        var (finding, edited) = (mislabels[0], mislabels[1]);
        var issue = cvat.Issues.Single(i => FindingKeys.ParseMarker(cvat.FirstMessage(i.Id)) == finding.Key);

        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}&finding={finding.Key}");
        var card = page.Locator($".card[data-finding-key=\"{finding.Key}\"]");
        await card.Locator("summary", new() { HasText = $"Relabel to {finding.SuggestedLabel}…" }).ClickAsync();
        var button = card.GetByRole(AriaRole.Button, new() { Name = $"Relabel to {finding.SuggestedLabel} and confirm" });
        await button.ClickAsync();
        await Assertions.Expect(card.Locator(".card-status")).ToContainTextAsync("Type your name");
        Assert.Equal(LabelId(finding.GivenLabel), Shape(finding.AnnotationKey)["label_id"]!.GetValue<long>());

        await card.GetByLabel("Your name").FillAsync("dana");
        await button.ClickAsync();

        await Assertions.Expect(card.Locator(".card-status")).ToContainTextAsync(
            $"Relabelled: Relabelled {finding.GivenLabel} → {finding.SuggestedLabel}", new() { Timeout = 60_000 });
        Assert.Equal(LabelId(finding.SuggestedLabel!), Shape(finding.AnnotationKey)["label_id"]!.GetValue<long>());
        Assert.True(issue.Resolved);
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true })).ToBeDisabledAsync();

        // Another finding whose box an annotator moved after the sweep: the page says why nothing changed.
        Shape(edited.AnnotationKey)["points"] = new JsonArray(11d, 21d, 61d, 71d);
        var other = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}&finding={edited.Key}");
        var otherCard = other.Locator($".card[data-finding-key=\"{edited.Key}\"]");
        await otherCard.Locator("summary").ClickAsync();
        await otherCard.GetByLabel("Your name").FillAsync("dana");
        await otherCard.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Relabel to .* and confirm$") }).ClickAsync();

        await Assertions.Expect(otherCard.Locator(".card-status")).ToContainTextAsync("Annotation changed since the sweep: Not relabelled:", new() { Timeout = 60_000 });
        Assert.Equal(LabelId(edited.GivenLabel), Shape(edited.AnnotationKey)["label_id"]!.GetValue<long>());
        await Assertions.Expect(otherCard.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true })).ToBeEnabledAsync();
    }

    [Fact]
    public async Task The_annotators_tab_lists_each_job_with_its_annotations_and_findings_per_100()
    {
        var report = fixture.FirstSweep.Report!;
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Annotators" }).ClickAsync();

        var jobs = page.Locator("table.quality-jobs tbody tr");
        await Assertions.Expect(jobs).ToHaveCountAsync(fixture.Harness.Cvat.Model.Tasks.Sum(t => t.Jobs.Count));
        await Assertions.Expect(page.Locator("table.quality-annotators tbody tr").First).ToContainTextAsync("(unassigned)");
        var worst = report.Quality!.Jobs[0];
        await Assertions.Expect(jobs.First).ToContainTextAsync(worst.Name);
        await Assertions.Expect(jobs.First.Locator("td").Nth(3)).ToHaveTextAsync(worst.FindingsPer100.ToString("0.0", CultureInfo.InvariantCulture));
    }

    private JsonObject Shape(string annotationKey)
    {
        var id = long.Parse(annotationKey["cvat:shape/".Length..], CultureInfo.InvariantCulture);
        return fixture.Harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Single(s => (long)s["id"]! == id);
    }

    private long LabelId(string name) => fixture.Harness.Cvat.Model.Projects[0].Labels.Single(l => l.Name == name).Id;
}
