using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LabelBridge.Platforms.Errors;

namespace LabelBridge.Platforms.Tests.Errors;

/// <summary>Issue #15 item 9: an error answer that echoes the request's credentials loses them, and is short, before
/// anything logs or stores it.</summary>
public sealed class ErrorBodiesTests
{
    private const string Token = "lb-test-token-0123456789abcdef";

    [Fact]
    public void The_bearer_token_the_request_carried_is_removed_wherever_the_body_repeats_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/api/jobs/1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var scrubbed = ErrorBodies.Scrub($$"""{"detail": "bad request", "echo": "{{Token}}", "Authorization": "Bearer {{Token}}"}""", ErrorBodies.SecretsOf(request.Headers));

        Assert.DoesNotContain(Token, scrubbed, StringComparison.Ordinal);
        Assert.Contains("\"detail\": \"bad request\"", scrubbed, StringComparison.Ordinal);
        Assert.Contains(ErrorBodies.Redacted, scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_password_is_removed_both_encoded_and_in_clear()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/api/jobs/1");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret-password"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", encoded);

        var scrubbed = ErrorBodies.Scrub($"user admin with s3cret-password sent {encoded}", ErrorBodies.SecretsOf(request.Headers));

        Assert.DoesNotContain("s3cret-password", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization: Token 9f8e7d6c5b4a39281706")]
    [InlineData("{\"token\": \"9f8e7d6c5b4a39281706\"}")]
    [InlineData("password=9f8e7d6c5b4a39281706&user=a")]
    [InlineData("Cookie: sessionid=9f8e7d6c5b4a39281706")]
    public void Anything_shaped_like_a_credential_is_removed_even_when_it_is_not_the_request_s(string body)
    {
        var scrubbed = ErrorBodies.Scrub(body, []);

        Assert.DoesNotContain("9f8e7d6c5b4a39281706", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_body_is_cut_to_the_first_4096_characters()
    {
        Assert.Equal(ErrorBodies.MaxCharacters, ErrorBodies.Scrub(new string('a', 1_000_000), []).Length);
    }

    [Fact]
    public async Task Reading_an_error_answer_takes_only_its_first_4096_bytes()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string('e', 10_000_000)))),
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/"),
        };

        var text = await ErrorBodies.ReadAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorBodies.MaxCharacters, text.Length);
    }
}
