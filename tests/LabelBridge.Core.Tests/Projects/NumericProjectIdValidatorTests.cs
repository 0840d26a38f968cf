using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Tests.Projects;

/// <summary>The one remote-project-id rule both connectors register for their own platform kind.</summary>
public sealed class NumericProjectIdValidatorTests
{
    private sealed class CvatIds() : NumericProjectIdValidator(PlatformKind.Cvat, "CVAT");

    private static LabelBridgeOptions Configuration(params string[] remoteIds)
    {
        var options = new LabelBridgeOptions
        {
            Platforms =
            [
                new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("https://cvat.example.org") },
                new PlatformOptions { Name = "ls", Kind = PlatformKind.LabelStudio, Url = new Uri("https://ls.example.org") },
            ],
        };
        for (var i = 0; i < remoteIds.Length; i++)
        {
            options.Projects.Add(new ProjectOptions { Name = $"p{i}", Platform = "cvat-main", RemoteProjectId = remoteIds[i] });
        }

        return options;
    }

    [Fact]
    public void A_missing_a_signed_and_a_named_id_are_each_refused_under_their_project_s_key_naming_the_platform()
    {
        var result = new CvatIds().Validate(Options.DefaultName, Configuration("12", "", "-5", "shelves"));

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Projects[1].RemoteProjectId: is required: the CVAT project id (the number in the project's URL)",
                "Projects[2].RemoteProjectId: '-5' must be the CVAT project id (the number in the project's URL)",
                "Projects[3].RemoteProjectId: 'shelves' must be the CVAT project id (the number in the project's URL)",
            ],
            result.Failures);
    }

    [Fact]
    public void Projects_on_a_platform_of_another_kind_or_on_no_configured_platform_are_left_to_their_own_rules()
    {
        var options = Configuration("12");
        options.Projects.Add(new ProjectOptions { Name = "pets", Platform = "ls", RemoteProjectId = "pets" });
        options.Projects.Add(new ProjectOptions { Name = "orphan", Platform = "gone", RemoteProjectId = "" });

        Assert.True(new CvatIds().Validate(Options.DefaultName, options).Succeeded);
    }
}
