using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Tests.Configuration;

/// <summary>The validators the parts register run in the composition the executable uses (issue 16 item 3): the
/// worker services once bound options with <c>Options.Create</c>, so the CVAT validator never ran in production.</summary>
public sealed class ProductionValidationTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    /// <summary>Passes every check but the CVAT connector's own: basic auth needs a user name.</summary>
    private LabelBridgeOptions CvatBasicAuthWithoutUsername() => new()
    {
        Platforms = [new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("https://cvat.example.org"), AuthScheme = PlatformAuthScheme.Basic, Credentials = new SecretOptions { Env = "CVAT_PASSWORD" } }],
        Projects = [new ProjectOptions { Name = "shelves", Platform = "cvat-main", RemoteProjectId = "1" }],
        Store = new StoreOptions { SqlitePath = Path.Combine(directory.Path, "labelbridge.db") },
    };

    [Fact]
    public void The_worker_services_of_every_verb_refuse_a_CVAT_problem_when_the_options_are_first_read()
    {
        using var services = (ServiceProvider)WorkerServices.Build(CvatBasicAuthWithoutUsername());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PlatformsOptions>>().Value);

        Assert.StartsWith("Platforms[0].Username: is required with AuthScheme basic", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_served_host_does_not_start_with_a_CVAT_problem()
    {
        await using var app = ServeHost.Build(CvatBasicAuthWithoutUsername(), new Secret(new string('t', 40)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith("Platforms[0].Username: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_check_lists_the_problems_of_every_part_from_the_registered_validators()
    {
        var options = CvatBasicAuthWithoutUsername();
        options.Platforms[0].PageSize = 0;
        options.Projects[0].Thresholds.NeighbourCount = 0;
        options.Embedding.ThumbnailSize = 1;
        options.Store.SqlitePath = "";
        options.Web.MaxWebhookBytes = 1;
        options.Projects[0].MaxFindingsPerSweep = 0;

        var keys = LabelBridgeOptionsValidator.Problems(options).Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "Embedding.ThumbnailSize", "Platforms[0].PageSize", "Platforms[0].Username", "Projects[0].MaxFindingsPerSweep",
                "Projects[0].Thresholds.NeighbourCount", "Store.SqlitePath", "Web.MaxWebhookBytes",
            ],
            keys);
    }

    [Fact]
    public void A_part_s_section_is_served_as_its_own_options_and_its_generated_validator_refuses_it_on_first_read()
    {
        var options = CvatBasicAuthWithoutUsername();
        options.Platforms[0].Username = "reviewer";
        options.Scale.ShardsPerWorker = 0;
        using var services = (ServiceProvider)WorkerServices.Build(options);

        Assert.Same(options.Store, services.GetRequiredService<IOptions<StoreOptions>>().Value);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ScaleOptions>>().Value);

        Assert.Equal("Scale.ShardsPerWorker: The field ScaleOptions.ShardsPerWorker must be between 1 and 64.", Assert.Single(error.Failures));
    }

    [Fact]
    public void The_Platforms_and_Projects_lists_are_served_as_their_own_sections_and_refused_by_their_parts_validators()
    {
        var options = CvatBasicAuthWithoutUsername();
        options.Platforms[0].Username = "reviewer";
        options.Projects[0].Schedule = "0 0 25 * * ?";
        using var services = (ServiceProvider)WorkerServices.Build(options);

        Assert.Same(options.Platforms, services.GetRequiredService<IOptions<PlatformsOptions>>().Value.Items);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProjectsOptions>>().Value);

        Assert.StartsWith("Projects[0].Schedule: '0 0 25 * * ?'", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.Same(options, services.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);
    }

    [Fact]
    public void A_project_on_an_unknown_platform_is_a_problem_of_the_whole_configuration_not_of_either_section()
    {
        var options = CvatBasicAuthWithoutUsername();
        options.Platforms[0].Username = "reviewer";
        options.Projects[0].Platform = "gone";
        using var services = (ServiceProvider)WorkerServices.Build(options);

        Assert.Single(services.GetRequiredService<IOptions<ProjectsOptions>>().Value.Items);
        Assert.Single(services.GetRequiredService<IOptions<PlatformsOptions>>().Value.Items);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LabelBridgeOptions>>().Value);

        Assert.StartsWith("Projects[0].Platform: 'gone' is not a configured platform (known: cvat-main)", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_served_host_does_not_start_with_a_cross_field_problem_of_a_section()
    {
        var options = CvatBasicAuthWithoutUsername();
        options.Platforms[0].Username = "reviewer";
        options.Web.PublicUrl = new Uri("ftp://triage.example.org");
        await using var app = ServeHost.Build(options, new Secret(new string('t', 40)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith("Web.PublicUrl: 'ftp://triage.example.org/' must start with http:// or https://", StringComparison.Ordinal));
    }
}
