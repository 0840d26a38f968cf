using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Cvat.Tests.Reading;

/// <summary>An item's content id (part of the embedding cache key) names the server and CVAT's content version, so
/// two servers with the same task ids and file names, or a task whose media was rewritten, never share vectors.</summary>
public sealed class ServerIdentityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_task_frame_and_file_on_two_servers_have_different_content_ids()
    {
        await using var staging = await CvatHarness.StartAsync();
        await using var production = await CvatHarness.StartAsync();
        var stagingProject = Seed(staging.Emulator.Model);
        var productionProject = Seed(production.Emulator.Model);
        Assert.Equal(stagingProject.Id, productionProject.Id);

        var fromStaging = await staging.Connector().ReadProjectAsync(ProjectReadTests.Id(stagingProject.Id), Token);
        var fromProduction = await production.Connector().ReadProjectAsync(ProjectReadTests.Id(productionProject.Id), Token);

        var stagingItem = Assert.Single(fromStaging.Items);
        var productionItem = Assert.Single(fromProduction.Items);
        Assert.Equal(stagingItem.Key, productionItem.Key);
        Assert.NotEqual(stagingItem.ContentId, productionItem.ContentId);
    }

    [Fact]
    public async Task Content_id_changes_when_cvat_rewrites_the_task_media_and_not_otherwise()
    {
        await using var harness = await CvatHarness.StartAsync();
        var project = Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var first = Assert.Single((await connector.ReadProjectAsync(ProjectReadTests.Id(project.Id), Token)).Items).ContentId;
        var again = Assert.Single((await connector.ReadProjectAsync(ProjectReadTests.Id(project.Id), Token)).Items).ContentId;
        harness.Emulator.Model.Tasks.Single().ChunksUpdatedDate = "2026-02-01T10:00:00.000000Z";

        var rewritten = Assert.Single((await connector.ReadProjectAsync(ProjectReadTests.Id(project.Id), Token)).Items).ContentId;

        Assert.Equal(first, again);
        Assert.NotEqual(first, rewritten);
    }

    private static EmulatedProject Seed(CvatModel model)
    {
        var project = model.AddProject("shelves");
        project.AddLabel(model, "car");
        model.AddTask(project, "aisle", [new EmulatedFrame("image_0001.jpg", 1920, 1080)], segmentSize: 1);
        return project;
    }
}
