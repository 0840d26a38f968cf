using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Platforms.Errors;

namespace LabelBridge.Platforms.Tests.Errors;

public sealed class PlatformErrorsTests
{
    [Fact]
    public void A_missing_url_is_reported_alike_for_both_platforms_with_an_example_of_each()
    {
        var cvat = PlatformErrors.MissingUrl(new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat });
        var labelStudio = PlatformErrors.MissingUrl(new PlatformOptions { Name = "ls", Kind = PlatformKind.LabelStudio });

        Assert.Equal("cvat-main", cvat.Platform);
        Assert.Contains("set the CVAT server's base URL, e.g. https://cvat.example.org", cvat.Message, StringComparison.Ordinal);
        Assert.Contains("set the Label Studio server's base URL, e.g. https://ls.example.org", labelStudio.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_credentials_name_where_they_were_looked_for()
    {
        var platform = new PlatformOptions { Name = "cvat-main", Kind = PlatformKind.Cvat, Url = new Uri("https://cvat.example.org") };

        var named = PlatformErrors.MissingCredentials(platform, "environment variable CVAT_TOKEN is not set");
        var unnamed = PlatformErrors.MissingCredentials(platform, null);

        Assert.Contains("CVAT at https://cvat.example.org/ are not available: environment variable CVAT_TOKEN is not set", named.Message, StringComparison.Ordinal);
        Assert.EndsWith("no credential configured", unnamed.Message, StringComparison.Ordinal);
    }
}
