using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.Emulators.Scenes;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>A platform emulator on loopback filled with demo scenes, and the real worker services pointed at it with a
/// fresh SQLite file.</summary>
internal sealed class SweepHarness : IAsyncDisposable
{
    public const string ProjectName = "shelves";

    private readonly TempDirectory directory;
    private readonly IAsyncDisposable emulator;
    private readonly ServiceProvider services;
    private readonly bool ownsDirectory;

    private SweepHarness(TempDirectory directory, IAsyncDisposable emulator, SceneProject project, LabelBridgeOptions options, bool ownsDirectory = true)
    {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.emulator = emulator;
        Project = project;
        Options = options;
        services = (ServiceProvider)WorkerServices.Build(options);
    }

    public CvatEmulator Cvat => (CvatEmulator)emulator;

    public LabelStudioEmulator LabelStudio => (LabelStudioEmulator)emulator;

    public SceneProject Project { get; }

    public LabelBridgeOptions Options { get; }

    public string Directory => directory.Path;

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <param name="scenes">The scenes; small ones by default.</param>
    /// <param name="writeBack">The project's write-back mode.</param>
    /// <param name="store">The store; a fresh SQLite file by default.</param>
    /// <param name="platform">Changes to the platform's settings (e.g. MaxConcurrentRequests).</param>
    public static async Task<SweepHarness> StartCvatAsync(
        SceneOptions? scenes = null, WriteBackMode writeBack = WriteBackMode.Markers, StoreOptions? store = null, Action<PlatformOptions>? platform = null)
    {
        var data = await FashionMnistFixture.LoadAsync();
        var cvat = await CvatEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var project = SceneGenerator.Populate(cvat.Model, SceneDomain.Shelves(data), scenes ?? SmallScenes);
        return Create(cvat, PlatformKind.Cvat, cvat.BaseUrl, cvat.AccessToken, PlatformAuthScheme.Bearer, project, writeBack, store, platform);
    }

    /// <summary>A classification project: one garment per frame, labelled by a frame tag (and, with
    /// <paramref name="withBoxes"/>, also boxed), so image-level labels and object crops can be checked apart.</summary>
    public static async Task<SweepHarness> StartCvatTagsAsync(bool withBoxes, int frames = 60)
    {
        var data = await FashionMnistFixture.LoadAsync();
        var cvat = await CvatEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var scenes = SceneGenerator.Generate(SceneDomain.Shelves(data), new SceneOptions(Tasks: 1, FramesPerTask: frames, ObjectsPerFrame: 1, MislabelRate: 0.08, DuplicateConflicts: 0, Junk: 0))
            .Select(CloseUp)
            .ToList();
        var project = cvat.Model.AddProject("Garment photos");
        var labels = FashionMnist.ClassNames.ToDictionary(n => n, n => project.AddLabel(cvat.Model, n).Id, StringComparer.Ordinal);
        var task = cvat.Model.AddTask(project, "photos", [.. scenes.Select(s => new Emulators.Cvat.Model.EmulatedFrame(s.Name, s.Width, s.Height, s.Image))], frames);
        var job = task.Jobs[0];
        var errors = new List<PlantedError>();
        var annotations = 0;
        for (var f = 0; f < scenes.Count; f++)
        {
            var garment = scenes[f].Objects[0];
            var tagId = cvat.Model.NextId();
            job.Tags.Add(Emulators.Cvat.Model.Annotations.Tag(tagId, f, labels[garment.GivenLabel]));
            annotations++;
            if (garment.Planted is { } kind)
            {
                errors.Add(new PlantedError($"cvat:tag/{tagId}", kind, garment.TrueLabel, garment.GivenLabel));
            }

            if (withBoxes)
            {
                job.Shapes.Add(Emulators.Cvat.Model.Annotations.Shape(cvat.Model.NextId(), "rectangle", f, labels[garment.TrueLabel],
                    [garment.X, garment.Y, garment.X + garment.Size, garment.Y + garment.Size]));
                annotations++;
            }
        }

        return Create(cvat, PlatformKind.Cvat, cvat.BaseUrl, cvat.AccessToken, PlatformAuthScheme.Bearer,
            new SceneProject(project.Id, annotations, errors), WriteBackMode.Markers);
    }

    /// <summary>A Label Studio classification project: one close-up garment per task, labelled with a Choices control.</summary>
    public static async Task<SweepHarness> StartLabelStudioChoicesAsync(int tasks = 60)
    {
        var data = await FashionMnistFixture.LoadAsync();
        var labelStudio = await LabelStudioEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var choices = string.Concat(FashionMnist.ClassNames.Select(n => $"<Choice value=\"{n}\"/>"));
        var project = labelStudio.Model.AddProject("Garment photos", $"""
            <View><Image name="image" value="$image"/><Choices name="garment" toName="image">{choices}</Choices></View>
            """);
        var errors = new List<PlantedError>();
        var scenes = SceneGenerator.Generate(SceneDomain.Shelves(data), new SceneOptions(Tasks: 1, FramesPerTask: tasks, ObjectsPerFrame: 1, MislabelRate: 0.08, DuplicateConflicts: 0, Junk: 0))
            .Select(CloseUp);
        foreach (var scene in scenes)
        {
            var path = $"/data/upload/{project.Id}/{scene.Name}";
            labelStudio.Model.PutFile(path, scene.Image, "image/jpeg");
            var task = labelStudio.Model.AddTask(project.Id, new JsonObject { ["image"] = path });
            var garment = scene.Objects[0];
            labelStudio.Model.AddAnnotation(task.Id, new JsonArray(new JsonObject
            {
                ["id"] = "c1",
                ["from_name"] = "garment",
                ["to_name"] = "image",
                ["type"] = "choices",
                ["origin"] = "manual",
                ["original_width"] = scene.Width,
                ["original_height"] = scene.Height,
                ["value"] = new JsonObject { ["choices"] = new JsonArray(garment.GivenLabel) },
            }));
            if (garment.Planted is { } kind)
            {
                errors.Add(new PlantedError($"ls:task/{task.Id}/choice/garment/{garment.GivenLabel}", kind, garment.TrueLabel, garment.GivenLabel));
            }
        }

        return Create(labelStudio, PlatformKind.LabelStudio, labelStudio.BaseUrl, labelStudio.LegacyToken, PlatformAuthScheme.Token,
            new SceneProject(project.Id, tasks, errors), WriteBackMode.Markers);
    }

    /// <summary>The scene cropped around its one garment, as a classification photo frames its subject.</summary>
    private static Scene CloseUp(Scene scene)
    {
        var garment = scene.Objects[0];
        var margin = garment.Size / 5;
        var crop = SkiaSharp.SKRectI.Intersect(
            new SkiaSharp.SKRectI(garment.X - margin, garment.Y - margin, garment.X + garment.Size + margin, garment.Y + garment.Size + margin),
            new SkiaSharp.SKRectI(0, 0, scene.Width, scene.Height));
        using var original = SkiaSharp.SKBitmap.Decode(scene.Image);
        using var cropped = new SkiaSharp.SKBitmap(crop.Width, crop.Height);
        original.ExtractSubset(cropped, crop);
        using var image = SkiaSharp.SKImage.FromBitmap(cropped);
        using var jpeg = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 92);
        return new Scene(scene.Name, crop.Width, crop.Height, jpeg.ToArray(), [garment with { X = garment.X - crop.Left, Y = garment.Y - crop.Top }]);
    }

    /// <summary>The same scenes as Label Studio tasks: one task per frame, a RectangleLabels region per object.</summary>
    public static async Task<SweepHarness> StartLabelStudioAsync(SceneOptions? scenes = null, LabelStudioEmulatorOptions? server = null)
    {
        var data = await FashionMnistFixture.LoadAsync();
        var labelStudio = await LabelStudioEmulator.StartAsync(server, TestContext.Current.CancellationToken);
        var labels = string.Concat(FashionMnist.ClassNames.Select(n => $"<Label value=\"{n}\"/>"));
        var project = labelStudio.Model.AddProject("Shelves", $"""
            <View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image">{labels}</RectangleLabels></View>
            """);
        var errors = new List<PlantedError>();
        var annotations = 0;
        foreach (var scene in SceneGenerator.Generate(SceneDomain.Shelves(data), scenes ?? SmallScenes))
        {
            var path = $"/data/upload/{project.Id}/{scene.Name}";
            labelStudio.Model.PutFile(path, scene.Image, "image/jpeg");
            var task = labelStudio.Model.AddTask(project.Id, new JsonObject { ["image"] = path });
            var regions = new JsonArray();
            foreach (var (placed, index) in scene.Objects.Select((o, i) => (o, i)))
            {
                var regionId = $"r{index}";
                regions.Add(Rectangle(regionId, placed, scene));
                if (placed.Planted is { } kind)
                {
                    errors.Add(new PlantedError($"ls:task/{task.Id}/region/{regionId}", kind, placed.TrueLabel, placed.GivenLabel));
                }

                annotations++;
            }

            labelStudio.Model.AddAnnotation(task.Id, regions);
        }

        return Create(labelStudio, PlatformKind.LabelStudio, labelStudio.BaseUrl, labelStudio.LegacyToken, PlatformAuthScheme.Token,
            new SceneProject(project.Id, annotations, errors), WriteBackMode.Markers);
    }

    /// <summary>The same project on a second CVAT server (the same scenes, so the same ids, file names and sizes) with
    /// this harness's configuration and store, as after an admin points the platform at another server (staging to
    /// production). The returned harness leaves the store's directory to this one.</summary>
    public async Task<SweepHarness> OnAnotherCvatServerAsync()
    {
        var data = await FashionMnistFixture.LoadAsync();
        var cvat = await CvatEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var project = SceneGenerator.Populate(cvat.Model, SceneDomain.Shelves(data), SmallScenes);
        Assert.Equal(Project.ProjectId, project.ProjectId);
        var tokenVariable = $"PLATFORM_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, cvat.AccessToken);
        var platform = Options.Platforms[0];
        var options = new LabelBridgeOptions
        {
            Platforms = [new PlatformOptions { Name = platform.Name, Kind = platform.Kind, Url = cvat.BaseUrl, AuthScheme = platform.AuthScheme, Credentials = new SecretOptions { Env = tokenVariable } }],
            Projects = [.. Options.Projects],
            Embedding = Options.Embedding,
            Store = Options.Store,
        };
        return new SweepHarness(directory, cvat, project, options, ownsDirectory: false);
    }

    public Task<SweepOutcome> SweepAsync(string trigger = "schedule", WriteBackMode? writeBack = null) =>
        Get<ProjectSweeps>().RunAsync(ProjectName, trigger, writeBack, null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await emulator.DisposeAsync();
        if (ownsDirectory)
        {
            directory.Dispose();
        }
    }

    private static SceneOptions SmallScenes => new(FramesPerTask: 12, JobSize: 6);

    private static SweepHarness Create(
        IAsyncDisposable emulator, PlatformKind kind, Uri url, string token, PlatformAuthScheme scheme, SceneProject project, WriteBackMode writeBack,
        StoreOptions? store = null, Action<PlatformOptions>? configurePlatform = null)
    {
        var tokenVariable = $"PLATFORM_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, token);
        var directory = new TempDirectory();
        var platform = new PlatformOptions { Name = "platform", Kind = kind, Url = url, AuthScheme = scheme, Credentials = new SecretOptions { Env = tokenVariable } };
        configurePlatform?.Invoke(platform);
        var options = new LabelBridgeOptions
        {
            Platforms = [platform],
            Projects =
            [
                new ProjectOptions
                {
                    Name = ProjectName,
                    Platform = "platform",
                    RemoteProjectId = project.ProjectId.ToString(CultureInfo.InvariantCulture),
                    WriteBack = writeBack,
                },
            ],
            Embedding = new EmbeddingOptions { Embedder = "pixel" },
            Store = store ?? new StoreOptions { SqlitePath = Path.Combine(directory.Path, "labelbridge.db") },
        };
        return new SweepHarness(directory, emulator, project, options);
    }

    private static JsonObject Rectangle(string id, SceneObject placed, Scene scene) => new()
    {
        ["id"] = id,
        ["from_name"] = "label",
        ["to_name"] = "image",
        ["type"] = "rectanglelabels",
        ["origin"] = "manual",
        ["original_width"] = scene.Width,
        ["original_height"] = scene.Height,
        ["image_rotation"] = 0,
        ["value"] = new JsonObject
        {
            ["x"] = 100.0 * placed.X / scene.Width,
            ["y"] = 100.0 * placed.Y / scene.Height,
            ["width"] = 100.0 * placed.Size / scene.Width,
            ["height"] = 100.0 * placed.Size / scene.Height,
            ["rotation"] = 0,
            ["rectanglelabels"] = new JsonArray(placed.GivenLabel),
        },
    };
}
