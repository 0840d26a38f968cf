using LabelBridge.Bench.FlagQuality;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.Scenes;

// Flag quality end to end: scene projects with planted errors (garments on shelves, icons on photos) served by the
// CVAT emulator in this process, swept with write-back by the real `labelbridge sweep` in a child process, once per
// embedder; then the issues written into the emulator are mapped back to annotations through the finding key in
// their marker and judged against what was planted. Appends a run to "## Flag quality end to end" in RESULTS.md.
var options = FlagBenchOptions.Parse(args);
var work = Directory.CreateTempSubdirectory("labelbridge-bench-flags-").FullName;
var rows = new List<FlagRow>();
try
{
    foreach (var domainName in options.Domains)
    {
        using var domain = await BenchDomains.LoadAsync(domainName, options);
        var sceneOptions = BenchDomains.Size(domainName, options.Quick);
        foreach (var embedder in options.Embedders)
        {
            await using var cvat = await CvatEmulator.StartAsync(new CvatEmulatorOptions { DefaultPageSize = 100 });
            var project = SceneGenerator.Populate(cvat.Model, domain.Domain, sceneOptions);
            if (Environment.GetEnvironmentVariable("LB_DEBUG_DUMP") is { } plantedDump)
            {
                File.WriteAllLines(plantedDump + ".planted-" + domainName + "-" + embedder + ".tsv", project.Errors.Select(e => e.AnnotationKey + "\t" + e.Kind));
            }

            var run = await WorkerSweep.RunAsync(options, work, cvat, project.ProjectId, $"{domainName}-{embedder}", embedder);
            var markers = WrittenMarkers.FromCvat(cvat.Model, run.ParseMarker);
            var row = new FlagRow(domainName, embedder, run.EmbedderUsed, project.Annotations, FlagScore.Compute(markers, project.Errors), run.WallSeconds, run.CpuSeconds);
            Console.WriteLine(row.Describe());
            rows.Add(row);
        }
    }

    ResultsSection.Append(options, rows);
}
finally
{
    Directory.Delete(work, recursive: true);
}
