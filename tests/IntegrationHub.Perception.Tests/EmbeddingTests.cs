using IntegrationHub.Contracts.Workers.Perception;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class EmbeddingTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ResNet18_embeddings_of_a_scene_under_light_changes_are_closer_than_other_scenes()
    {
        var images = new List<ImageInput>();
        for (var kind = 0; kind < 3; kind++)
        {
            using var scene = TestImages.Scene(kind);
            using var brighter = TestImages.Relit(scene, 1.1f, 0.06f);
            using var darker = TestImages.Relit(scene, 0.85f, 0f);
            images.Add(new ImageInput($"s{kind}", PerceptionFixture.Png(scene)));
            images.Add(new ImageInput($"s{kind}-bright-jpeg", PerceptionFixture.Jpeg(brighter, 75)));
            images.Add(new ImageInput($"s{kind}-dark", PerceptionFixture.Png(darker)));
        }

        var reply = await fixture.Perception.EmbedAsync(new EmbedRequest(images, "resnet18-features"));
        Assert.Null(reply.Error);
        var vectors = reply.Results.Select(r => r.Vector).ToArray();
        Assert.All(vectors, v =>
        {
            Assert.Equal(512, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3);
        });

        for (var kind = 0; kind < 3; kind++)
        {
            var original = vectors[kind * 3];
            var same = new[] { Cosine(original, vectors[kind * 3 + 1]), Cosine(original, vectors[kind * 3 + 2]) };
            var others = Enumerable.Range(0, 3).Where(k => k != kind).SelectMany(k => Enumerable.Range(0, 3).Select(j => Cosine(original, vectors[k * 3 + j]))).ToArray();
            output.WriteLine($"scene {kind}: same scene relit {string.Join(", ", same.Select(s => s.ToString("F3")))}; other scenes max {others.Max():F3}");
            Assert.True(same.Min() > others.Max(), $"scene {kind}: {same.Min():F3} <= {others.Max():F3}");
        }
    }

    [Fact]
    public async Task ResNet18_micro_batched_embeddings_equal_one_by_one_embeddings()
    {
        var model = await fixture.Host.GetAsync("resnet18-features");
        Assert.True(model.Runner!.Batching, "resnet18-features should be batched (input.dynamicBatch)");
        var images = Enumerable.Range(0, 6).Select(i =>
        {
            using var scene = TestImages.Scene(i % 3);
            using var relit = TestImages.Relit(scene, 0.8f + i * 0.05f, 0);
            return new ImageInput($"i{i}", PerceptionFixture.Png(relit));
        }).ToList();

        var single = new List<float[]>();
        foreach (var image in images)
        {
            single.Add((await fixture.Perception.EmbedAsync(new EmbedRequest([image]))).Results[0].Vector);
        }

        // One request with six images and six concurrent requests: both go through batches.
        var together = (await fixture.Perception.EmbedAsync(new EmbedRequest(images))).Results.Select(r => r.Vector).ToList();
        var concurrent = (await Task.WhenAll(images.Select(i => fixture.Perception.EmbedAsync(new EmbedRequest([i]))))).Select(r => r.Results[0].Vector).ToList();
        for (var i = 0; i < images.Count; i++)
        {
            output.WriteLine($"image {i}: cos(single, batched) {Cosine(single[i], together[i]):F6}, {Cosine(single[i], concurrent[i]):F6}");
            Assert.True(Cosine(single[i], together[i]) > 0.9999);
            Assert.True(Cosine(single[i], concurrent[i]) > 0.9999);
        }
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
