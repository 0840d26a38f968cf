using System.Net;
using System.Net.Http.Json;
using LabelBridge.Platforms.Bodies;

namespace LabelBridge.Platforms.Tests.Bodies;

public sealed class ContentLengthHandlerTests
{
    [Fact]
    public async Task A_json_body_of_unknown_length_leaves_with_its_content_length_and_not_chunked()
    {
        var sent = new CapturingHandler();
        using var client = new HttpClient(new ContentLengthHandler { InnerHandler = sent });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/api/issues")
        {
            Content = JsonContent.Create(new { frame = 3, message = "[labelbridge:ml-0123456789ab] labelled Shirt" }),
        };
        Assert.Null(request.Content.Headers.ContentLength);

        await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(sent.Body.Length, sent.ContentLength);
        Assert.NotEqual(true, sent.Chunked);
        Assert.Contains("labelled Shirt", System.Text.Encoding.UTF8.GetString(sent.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_body_passes_unchanged()
    {
        var sent = new CapturingHandler();
        using var client = new HttpClient(new ContentLengthHandler { InnerHandler = sent });

        await client.GetAsync(new Uri("http://127.0.0.1:9/api/projects"), TestContext.Current.CancellationToken);

        Assert.False(sent.HadContent);
    }

    /// <summary>What reached the wire side of the handler chain.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public long? ContentLength { get; private set; }

        public bool? Chunked { get; private set; }

        public bool HadContent { get; private set; }

        public byte[] Body { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HadContent = request.Content is not null;
            ContentLength = request.Content?.Headers.ContentLength;
            Chunked = request.Headers.TransferEncodingChunked;
            Body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
