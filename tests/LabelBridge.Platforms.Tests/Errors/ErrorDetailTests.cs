using LabelBridge.Platforms.Errors;

namespace LabelBridge.Platforms.Tests.Errors;

/// <summary>One reading of Django REST framework error bodies for both connectors (issue 16 item 2).</summary>
public sealed class ErrorDetailTests
{
    [Fact]
    public void The_detail_of_a_refusal_is_its_reason()
    {
        Assert.Equal("You do not have permission to perform this action.", PlatformErrors.ErrorDetail("""{"detail": "You do not have permission to perform this action."}"""));
    }

    [Fact]
    public void Field_errors_are_quoted_as_the_server_wrote_them()
    {
        Assert.Equal("""{"result": ["This field is required."]}""", PlatformErrors.ErrorDetail("""{"result": ["This field is required."]}"""));
    }

    [Fact]
    public void A_long_reason_is_cut_to_a_sentence_or_two()
    {
        var detail = PlatformErrors.ErrorDetail($$"""{"detail": "{{new string('x', 5000)}}"}""");

        Assert.Equal(300, detail!.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    public void No_body_or_a_body_that_is_not_JSON_has_no_detail(string? body)
    {
        Assert.Null(PlatformErrors.ErrorDetail(body));
    }
}
