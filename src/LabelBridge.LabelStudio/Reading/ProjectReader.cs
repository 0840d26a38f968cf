using System.Globalization;
using System.Net;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.LabelConfig;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Reads a whole project: its label config and every task with its annotations, paging to the end.</summary>
internal sealed class ProjectReader(LabelStudioClient client, int pageSize)
{
    public async Task<ProjectSnapshot> ReadAsync(string remoteProjectId, CancellationToken cancellationToken)
    {
        var projectId = ParseProjectId(client, remoteProjectId);
        var project = await GetProjectAsync(projectId, cancellationToken);
        var subject = $"ls:project/{projectId}";
        var config = LabelConfigParser.Parse(subject, project.LabelConfig);
        var labels = config.Controls
            .SelectMany(c => c.Values.Select(v => new ProjectLabel(v, null, c.Name)))
            .ToList();
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        var problems = new List<ReadProblem>(config.Problems);
        if (config.Image is not null)
        {
            await foreach (var task in ListTasksAsync(projectId, cancellationToken))
            {
                var read = TaskReader.Read(task, config, client.BaseUrl);
                if (read.Item is not null)
                {
                    items.Add(read.Item);
                }

                annotations.AddRange(read.Annotations);
                problems.AddRange(read.Problems);
            }
        }

        return new ProjectSnapshot(PlatformKind.LabelStudio, remoteProjectId, project.Title ?? subject, labels, items, annotations, problems);
    }

    public async Task<LsProject> GetProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync($"api/projects/{projectId}/", (api, auth, ct) => api.GetProjectAsync(projectId, auth, ct), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            throw client.Unavailable($"project {projectId} does not exist or the configured user cannot see it: check RemoteProjectId and the user's project membership.");
        }

        return response.IsSuccessStatusCode && response.Content is { } content
            ? content
            : throw client.Unavailable($"api/projects/{projectId}/ answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
    }

    public static long ParseProjectId(LabelStudioClient client, string remoteProjectId) =>
        long.TryParse(remoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw client.Unavailable($"RemoteProjectId '{remoteProjectId}' is not a Label Studio project id (the number in /projects/<id>/).");

    private async IAsyncEnumerable<LsTask> ListTasksAsync(long projectId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = 0;
        for (var page = 1; ; page++)
        {
            var current = page;
            using var response = await client.SendAsync(
                "api/tasks/",
                (api, auth, ct) => api.ListTasksAsync(projectId, current, pageSize, "all", auth, ct),
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                throw client.Unavailable($"api/tasks/ page {page} answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
            }

            var tasks = response.Content.Tasks ?? [];
            foreach (var task in tasks)
            {
                yield return task;
            }

            seen += tasks.Count;
            if (tasks.Count == 0 || seen >= response.Content.Total)
            {
                yield break;
            }
        }
    }
}
