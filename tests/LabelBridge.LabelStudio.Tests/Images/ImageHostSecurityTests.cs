using LabelBridge.LabelStudio.Images;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Images;

/// <summary>A task's image URL is written by whoever imports tasks: it must never make LabelBridge call a host the
/// admin did not allow (SSRF), directly or through a redirect.</summary>
public sealed class ImageHostSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Image_on_another_host_is_refused_and_that_host_receives_nothing()
    {
        await using var other = await OtherHost.StartAsync();
        await using var harness = await Harness.StartAsync();
        var item = await ItemPointingAtAsync(harness, new Uri(other.BaseUrl, "/secret.png").ToString());

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(result.Bytes);
        Assert.Contains($"host '{other.BaseUrl.Authority}', which is not allowed", result.Problem!.Reason, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task Image_on_the_cloud_metadata_address_is_refused_before_any_request()
    {
        await using var harness = await Harness.StartAsync();
        var item = await ItemPointingAtAsync(harness, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Contains("host '169.254.169.254', which is not allowed", result.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_url_is_a_read_problem_not_an_item()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.Emulator.Model.AddTask(project, new() { ["image"] = "file:///etc/passwd" }).Id;

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Empty(snapshot.Items);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}", problem.Subject);
        Assert.Contains("not an http(s) URL", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_from_an_allowed_host_to_another_host_is_not_followed()
    {
        await using var other = await OtherHost.StartAsync();
        await using var redirector = await OtherHost.StartAsync(redirectTo: new Uri(other.BaseUrl, "/internal.png"));
        await using var harness = await Harness.StartAsync(configure: p => p.AllowedImageHosts.Add(redirector.BaseUrl.Authority));
        var item = await ItemPointingAtAsync(harness, new Uri(redirector.BaseUrl, "/image.png").ToString());

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Single(redirector.Requests);
        Assert.Empty(other.Requests);
        Assert.Contains($"redirects to host '{other.BaseUrl.Authority}', which is not allowed", result.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_to_an_allowed_host_is_followed_without_the_api_credentials()
    {
        await using var other = await OtherHost.StartAsync();
        await using var redirector = await OtherHost.StartAsync(redirectTo: new Uri(other.BaseUrl, "/bucket/a.png"));
        await using var harness = await Harness.StartAsync(configure: p =>
        {
            p.AllowedImageHosts.Add(redirector.BaseUrl.Authority);
            p.AllowedImageHosts.Add(other.BaseUrl.Authority);
        });
        var item = await ItemPointingAtAsync(harness, new Uri(redirector.BaseUrl, "/image.png").ToString());

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(result.Problem);
        Assert.NotNull(result.Bytes);
        Assert.Equal(["/bucket/a.png"], other.Requests);
    }

    [Fact]
    public async Task Allowed_host_entry_with_another_port_does_not_allow_this_port()
    {
        await using var other = await OtherHost.StartAsync();
        var otherPort = other.BaseUrl.Port == 65535 ? 65534 : other.BaseUrl.Port + 1;
        await using var harness = await Harness.StartAsync(configure: p => p.AllowedImageHosts.Add($"{other.BaseUrl.Host}:{otherPort}"));
        var item = await ItemPointingAtAsync(harness, new Uri(other.BaseUrl, "/image.png").ToString());

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Empty(other.Requests);
        Assert.Contains($"is on host '{other.BaseUrl.Authority}', which is not allowed", result.Problem!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("images.example.org", "https://images.example.org/a.png", true)]
    [InlineData("images.example.org", "http://images.example.org:8080/a.png", true)]
    [InlineData("images.example.org:443", "https://images.example.org/a.png", true)]
    [InlineData("images.example.org:443", "https://IMAGES.example.org:443/a.png", true)]
    [InlineData("images.example.org:443", "http://images.example.org/a.png", false)]
    [InlineData("images.example.org:8443", "https://images.example.org/a.png", false)]
    [InlineData("https://images.example.org", "https://images.example.org:443/a.png", true)]
    [InlineData("https://images.example.org", "http://images.example.org/a.png", false)]
    [InlineData("http://images.example.org:9000", "http://images.example.org:9000/a.png", true)]
    [InlineData("[::1]:9000", "http://[::1]:9000/a.png", true)]
    [InlineData("[::1]:9000", "http://[::1]:9001/a.png", false)]
    [InlineData("images.example.org", "https://images.example.org.evil.test/a.png", false)]
    public void Allowed_host_entries_match_ports_when_given_and_default_ports_when_omitted(string entry, string url, bool allowed)
    {
        Assert.Equal(allowed, AllowedImageHost.Parse(entry)!.Allows(new Uri(url)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("user:pass@images.example.org")]
    [InlineData("images.example.org/bucket")]
    [InlineData("ftp://images.example.org")]
    public void An_entry_that_is_not_a_host_allows_nothing(string entry)
    {
        Assert.Null(AllowedImageHost.Parse(entry));
    }

    private static async Task<Item> ItemPointingAtAsync(Harness harness, string url)
    {
        var project = harness.AddProject();
        harness.Emulator.Model.AddTask(project, new() { ["image"] = url });
        return Assert.Single((await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items);
    }
}
