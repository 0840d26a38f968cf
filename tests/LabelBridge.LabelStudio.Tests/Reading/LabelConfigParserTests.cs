using LabelBridge.LabelStudio.Reading;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Reading;

public sealed class LabelConfigParserTests
{
    [Fact]
    public void Every_supported_control_is_found_with_its_values()
    {
        var config = LabelConfigParser.Parse("p", Regions.RectangleConfig);

        Assert.Equal(new ImageObject("image", "image"), config.Image);
        Assert.Equal(["rectanglelabels", "polygonlabels", "brushlabels", "keypointlabels", "choices"], config.Controls.Select(c => c.ResultType));
        Assert.Equal(["Indoor", "Outdoor", "Night"], config.FindControl("scene")!.Values);
        Assert.Empty(config.Problems);
    }

    [Fact]
    public void Config_from_the_coco_export_example_is_read()
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "test_export_coco__label_config.xml"));

        var config = LabelConfigParser.Parse("p", xml);

        Assert.Equal(["rectangle_label", "polygon_label", "keypoint_label"], config.Controls.Select(c => c.Name));
        Assert.Equal(["keypoint_label1", "keypoint_label2"], config.FindControl("keypoint_label")!.Values);
    }

    [Fact]
    public void Config_without_an_image_says_so()
    {
        var config = LabelConfigParser.Parse("ls:project/3", """<View><Text name="t" value="$text"/><Choices name="c" toName="t"><Choice value="A"/></Choices></View>""");

        Assert.Null(config.Image);
        Assert.Contains(config.Problems, p => p.Subject == "ls:project/3" && p.Reason.Contains("no <Image>", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_with_two_images_reads_the_one_the_first_region_control_draws_on()
    {
        var config = LabelConfigParser.Parse("p", """
            <View>
              <Image name="before" value="$before"/><Image name="after" value="$after"/>
              <RectangleLabels name="boxes" toName="after"><Label value="Car"/></RectangleLabels>
              <PolygonLabels name="areas" toName="before"><Label value="Road"/></PolygonLabels>
            </View>
            """);

        Assert.Equal("after", config.Image!.Name);
        Assert.Equal(["boxes"], config.Controls.Select(c => c.Name));
        Assert.Contains(config.Problems, p => p.Reason.Contains("2 <Image> objects", StringComparison.Ordinal));
        Assert.Contains(config.Problems, p => p.Reason.Contains("control 'areas'", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_xml_is_a_problem_not_an_exception()
    {
        var config = LabelConfigParser.Parse("p", "<View><Image name=");

        Assert.Null(config.Image);
        Assert.Contains(config.Problems, p => p.Reason.Contains("not valid XML", StringComparison.Ordinal));
    }
}
