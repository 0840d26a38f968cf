using LabelBridge.Core.Storage;

namespace LabelBridge.Storage.Tests.Contract;

/// <summary>The <c>auto</c> embedder choice, kept in its own table rather than among the cached embeddings.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task An_embedder_choice_is_kept_per_scope_and_candidate_and_read_back_newest_first()
    {
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.5, 1), Ct);
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|shelves", "bbbb", 0.75, 2), Ct);
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|other", "cccc", 0.25, 7), Ct);

        var choices = await Reopen().GetEmbedderChoicesAsync("Cvat|shelves", Ct);

        Assert.Equal(
            [new EmbedderChoiceRecord("Cvat|shelves", "bbbb", 0.75, 2), new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.5, 1)],
            choices);
    }

    [Fact]
    public async Task Choosing_a_candidate_again_replaces_its_row()
    {
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.5, 1), Ct);
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.625, 3), Ct);

        Assert.Equal(new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.625, 3), Assert.Single(await Store.GetEmbedderChoicesAsync("Cvat|shelves", Ct)));
    }

    [Fact]
    public async Task An_embedder_choice_never_lands_in_the_embedding_cache()
    {
        await Store.SaveEmbedderChoiceAsync(new EmbedderChoiceRecord("Cvat|shelves", "aaaa", 0.5, 1), Ct);

        Assert.Equal(0, await QueryScalarAsync<long>("SELECT COUNT(*) FROM embeddings"));
        Assert.Equal(1, await QueryScalarAsync<long>("SELECT COUNT(*) FROM embedder_choices"));
    }
}
