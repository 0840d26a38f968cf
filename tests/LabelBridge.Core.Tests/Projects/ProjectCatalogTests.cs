using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Tests.Projects;

public sealed class ProjectCatalogTests
{
    private static ProjectCatalog Catalog() => new(
        Options.Create(new ProjectsOptions(
        [
            new ProjectOptions { Name = "Shelves", Platform = "CVAT-main", RemoteProjectId = " 7 " },
            new ProjectOptions { Name = "shoes", Platform = "cvat-main", RemoteProjectId = "8" },
            new ProjectOptions { Name = "orphan", Platform = "gone", RemoteProjectId = "7" },
        ])),
        Options.Create(new PlatformsOptions([new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("http://127.0.0.1:1/") }])),
        []);

    [Fact]
    public void A_project_and_its_platform_are_found_by_name_in_any_case()
    {
        var found = Catalog().Get("shelves");

        Assert.Equal("Shelves", found.Name);
        Assert.Equal("cvat-main", found.Platform.Name);
    }

    [Fact]
    public void A_project_whose_platform_is_gone_is_not_found_and_says_which_platform()
    {
        var catalog = Catalog();

        Assert.Null(catalog.Find("orphan", out var missing));
        Assert.Equal("platform 'gone' is not configured.", missing);
        Assert.True(catalog.Contains("orphan"));
        Assert.Contains("platform 'gone'", Assert.Throws<InvalidOperationException>(() => catalog.Get("orphan")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_project_is_named_as_no_longer_configured()
    {
        Assert.Null(Catalog().Find("nope", out var missing));
        Assert.Equal("project 'nope' is no longer configured.", missing);
    }

    [Fact]
    public void A_remote_project_id_matches_after_trimming_on_both_sides_and_only_on_its_platform()
    {
        var catalog = Catalog();

        Assert.Equal(["Shelves"], catalog.OnPlatform("cvat-main", "7").Select(p => p.Name));
        Assert.Equal(["Shelves"], catalog.OnPlatform("CVAT-MAIN", " 7").Select(p => p.Name));
        Assert.Empty(catalog.OnPlatform("cvat-main", "70"));
    }

    [Fact]
    public void A_connector_for_a_kind_nobody_registered_is_a_broken_invariant_that_names_the_kind()
    {
        var catalog = Catalog();

        var error = Assert.Throws<InvalidOperationException>(() => catalog.CreateConnector(catalog.Get("shoes")));

        Assert.Contains("Cvat", error.Message, StringComparison.Ordinal);
    }
}
