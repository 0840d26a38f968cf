using System.Text.Json.Nodes;

namespace LabelBridge.Emulators.LabelStudio.Model;

/// <summary>The emulated server's data. Tests seed it and inspect it; the endpoints read and change it. Thread-safe.</summary>
public sealed class LabelStudioModel(TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, EmulatedProject> projects = [];
    private readonly Dictionary<long, EmulatedTask> tasks = [];
    private readonly Dictionary<long, EmulatedPrediction> predictions = [];
    private readonly Dictionary<long, EmulatedView> views = [];
    private readonly List<EmulatedWebhook> webhooks = [];
    private readonly Dictionary<string, EmulatedFile> files = new(StringComparer.Ordinal);
    private long nextId = 1;

    /// <summary>The id of the user the emulator's tokens belong to.</summary>
    public long UserId { get; } = 1;

    public EmulatedProject AddProject(string title, string labelConfig)
    {
        lock (gate)
        {
            var project = new EmulatedProject { Id = nextId++, Title = title, LabelConfig = labelConfig };
            projects[project.Id] = project;
            return project;
        }
    }

    /// <summary>Adds a webhook, as an admin does under Project → Settings → Webhooks, or as Label Studio does by itself
    /// (<c>&lt;ml backend url&gt;/webhook</c>, no headers) when an ML backend is connected.</summary>
    public EmulatedWebhook AddWebhook(long? projectId, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (gate)
        {
            var webhook = new EmulatedWebhook(nextId++, projectId, url, headers ?? new Dictionary<string, string>());
            webhooks.Add(webhook);
            return webhook;
        }
    }

    public IReadOnlyList<EmulatedWebhook> Webhooks()
    {
        lock (gate)
        {
            return [.. webhooks];
        }
    }

    public EmulatedTask AddTask(long projectId, JsonObject data, JsonObject? meta = null)
    {
        lock (gate)
        {
            if (!projects.ContainsKey(projectId))
            {
                throw new ArgumentException($"No project {projectId}.", nameof(projectId));
            }

            var now = timeProvider.GetUtcNow();
            var task = new EmulatedTask { Id = nextId++, Project = projectId, Data = data, Meta = meta ?? [], CreatedAt = now, UpdatedAt = now };
            tasks[task.Id] = task;
            return task;
        }
    }

    /// <summary>Adds an annotation as an annotator submitting it would; <paramref name="completedBy"/> defaults to another user than the API user.</summary>
    public EmulatedAnnotation AddAnnotation(long taskId, JsonArray result, bool wasCancelled = false, long completedBy = 2)
    {
        lock (gate)
        {
            var task = tasks[taskId];
            var now = timeProvider.GetUtcNow();
            var annotation = new EmulatedAnnotation
            {
                Id = nextId++, Task = taskId, Result = result, WasCancelled = wasCancelled, CompletedBy = completedBy, CreatedAt = now, UpdatedAt = now,
            };
            task.Annotations.Add(annotation);
            return annotation;
        }
    }

    /// <summary>An annotation created through the API by its user (<see cref="UserId"/>), as <c>POST /api/tasks/{id}/annotations/</c> does.</summary>
    internal EmulatedAnnotation CreateAnnotation(EmulatedTask task, JsonArray result, long? parentAnnotation)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            var annotation = new EmulatedAnnotation
            {
                Id = nextId++, Task = task.Id, Result = result, CompletedBy = UserId, ParentAnnotation = parentAnnotation, CreatedAt = now, UpdatedAt = now,
            };
            task.Annotations.Add(annotation);
            task.UpdatedAt = now;
            return annotation;
        }
    }

    /// <summary>A reviewer edits an annotation in the labeling UI.</summary>
    public void UpdateAnnotation(long annotationId, Action<JsonArray> edit)
    {
        lock (gate)
        {
            var annotation = tasks.Values.SelectMany(t => t.Annotations).Single(a => a.Id == annotationId);
            edit(annotation.Result);
            annotation.UpdatedAt = timeProvider.GetUtcNow();
        }
    }

    public EmulatedPrediction AddPrediction(long taskId, string modelVersion, JsonArray result, double? score)
    {
        lock (gate)
        {
            var task = tasks[taskId];
            var now = timeProvider.GetUtcNow();
            var prediction = new EmulatedPrediction
            {
                Id = nextId++, Task = taskId, Project = task.Project, ModelVersion = modelVersion, Result = result, Score = score, CreatedAt = now, UpdatedAt = now,
            };
            predictions[prediction.Id] = prediction;
            return prediction;
        }
    }

    /// <summary>Creates many predictions at once (all or none were validated before), in list order, as one
    /// <c>bulk_create</c> does; returns how many.</summary>
    internal int AddPredictions(IReadOnlyList<(long Task, string ModelVersion, JsonArray Result, double? Score)> items)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var item in items)
            {
                var prediction = new EmulatedPrediction
                {
                    Id = nextId++, Task = item.Task, Project = tasks[item.Task].Project, ModelVersion = item.ModelVersion, Result = item.Result,
                    Score = item.Score, CreatedAt = now, UpdatedAt = now,
                };
                predictions[prediction.Id] = prediction;
            }

            return items.Count;
        }
    }

    public bool DeletePrediction(long predictionId)
    {
        lock (gate)
        {
            return predictions.Remove(predictionId);
        }
    }

    /// <summary>Deletes a task with its predictions, as deleting it in the data manager does.</summary>
    public bool DeleteTask(long taskId)
    {
        lock (gate)
        {
            foreach (var prediction in predictions.Values.Where(p => p.Task == taskId).ToList())
            {
                predictions.Remove(prediction.Id);
            }

            return tasks.Remove(taskId);
        }
    }

    public EmulatedView AddView(long projectId, JsonObject data)
    {
        lock (gate)
        {
            var view = new EmulatedView { Id = nextId++, Project = projectId, Data = data };
            views[view.Id] = view;
            return view;
        }
    }

    public bool DeleteView(long viewId)
    {
        lock (gate)
        {
            return views.Remove(viewId);
        }
    }

    /// <summary>Serves <paramref name="bytes"/> at <paramref name="path"/> (e.g. <c>/data/upload/1/cat.png</c>); called again
    /// with the same path it replaces the file under the same URL, as an object overwritten in a bucket or a file
    /// replaced on disk (its ETag and Last-Modified change with it).</summary>
    public void PutFile(string path, byte[] bytes, string contentType = "image/png")
    {
        lock (gate)
        {
            files[path] = new EmulatedFile(bytes, contentType, timeProvider.GetUtcNow());
        }
    }

    public EmulatedProject? Project(long id)
    {
        lock (gate)
        {
            return projects.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<EmulatedProject> Projects()
    {
        lock (gate)
        {
            return [.. projects.Values.OrderBy(p => p.Id)];
        }
    }

    public EmulatedTask? Task(long id)
    {
        lock (gate)
        {
            return tasks.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<EmulatedTask> Tasks(long projectId)
    {
        lock (gate)
        {
            return [.. tasks.Values.Where(t => t.Project == projectId).OrderBy(t => t.Id)];
        }
    }

    public EmulatedPrediction? Prediction(long id)
    {
        lock (gate)
        {
            return predictions.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<EmulatedPrediction> Predictions(long? projectId = null, long? taskId = null)
    {
        lock (gate)
        {
            return [.. predictions.Values
                .Where(p => (projectId is null || p.Project == projectId) && (taskId is null || p.Task == taskId))
                .OrderBy(p => p.Id)];
        }
    }

    public EmulatedView? View(long id)
    {
        lock (gate)
        {
            return views.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<EmulatedView> Views(long? projectId = null)
    {
        lock (gate)
        {
            return [.. views.Values.Where(v => projectId is null || v.Project == projectId).OrderBy(v => v.Id)];
        }
    }

    public EmulatedFile? File(string path)
    {
        lock (gate)
        {
            return files.GetValueOrDefault(path);
        }
    }

    /// <summary>Changes a task as someone editing it in Label Studio would (e.g. its meta).</summary>
    public void Mutate(long taskId, Action<EmulatedTask> change)
    {
        lock (gate)
        {
            change(tasks[taskId]);
        }
    }

    internal void Mutate(Action change)
    {
        lock (gate)
        {
            change();
        }
    }

    internal DateTimeOffset Now => timeProvider.GetUtcNow();
}
