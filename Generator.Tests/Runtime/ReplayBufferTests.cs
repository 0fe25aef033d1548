namespace NetGen.Tests.Runtime;

/// <summary>The replay buffer's ring overwrite, its seeded uniform sampling, its argument checks and its allocation.</summary>
public class ReplayBufferTests
{
    private const int ObservationSize = 2;

    /// <summary>Pushes transition i as state (i, −i), action i % 3, reward i, next state (i + 0.5, 0), terminal on every 4th.</summary>
    private static void PushNumbered(ReplayBuffer buffer, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            buffer.Push([i, -i], i % 3, i, [i + 0.5f, 0f], terminal: i % 4 == 0);
        }
    }

    private sealed class Minibatch(int batch)
    {
        public readonly float[] States = new float[batch * ObservationSize], NextStates = new float[batch * ObservationSize];
        public readonly float[] Rewards = new float[batch], Terminals = new float[batch];
        public readonly int[] Actions = new int[batch];

        public void DrawFrom(ReplayBuffer buffer) => buffer.Sample(Rewards.Length, States, Actions, Rewards, NextStates, Terminals);
    }

    [Fact]
    public void WhenFullEachPushOverwritesTheOldest()
    {
        var buffer = new ReplayBuffer(capacity: 3, ObservationSize, seed: 1);
        PushNumbered(buffer, 1, 2);
        Assert.Equal(2, buffer.Count);
        PushNumbered(buffer, 3, 3); // 1..5 pushed into 3 slots: 1 and 2 are overwritten by 4 and 5
        Assert.Equal(3, buffer.Count);
        Assert.Equal(3, buffer.Capacity);

        var minibatch = new Minibatch(300);
        minibatch.DrawFrom(buffer);
        Assert.Equal([3f, 4f, 5f], minibatch.Rewards.Distinct().Order());
        // Every row is one whole transition, wherever its slot was.
        for (int b = 0; b < 300; b++)
        {
            float i = minibatch.Rewards[b];
            Assert.Equal([i, -i], minibatch.States.AsSpan(b * 2, 2).ToArray());
            Assert.Equal([i + 0.5f, 0f], minibatch.NextStates.AsSpan(b * 2, 2).ToArray());
            Assert.Equal((int)i % 3, minibatch.Actions[b]);
            Assert.Equal((int)i % 4 == 0 ? 1f : 0f, minibatch.Terminals[b]);
        }
    }

    [Fact]
    public void SamplesOnlyWhatWasPushedAndRoughlyUniformly()
    {
        var buffer = new ReplayBuffer(capacity: 100, ObservationSize, seed: 3);
        PushNumbered(buffer, 0, 10); // 10 of 100 slots used: the 90 empty ones must never be drawn
        var minibatch = new Minibatch(10_000);
        minibatch.DrawFrom(buffer);
        int[] counts = new int[10];
        foreach (float reward in minibatch.Rewards)
        {
            Assert.InRange(reward, 0f, 9f);
            counts[(int)reward]++;
        }
        // 1,000 expected each; the binomial standard deviation is 30, so 850..1150 is five deviations.
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void SamplingRepeatsPerSeedAndDiffersAcrossSeeds()
    {
        ReplayBuffer Filled(int seed)
        {
            var buffer = new ReplayBuffer(capacity: 50, ObservationSize, seed);
            PushNumbered(buffer, 0, 70);
            return buffer;
        }
        ReplayBuffer a = Filled(7), b = Filled(7), c = Filled(8);
        Minibatch ma = new(32), mb = new(32), mc = new(32);
        for (int round = 0; round < 3; round++)
        {
            ma.DrawFrom(a);
            mb.DrawFrom(b);
            mc.DrawFrom(c);
            Assert.Equal(ma.Rewards, mb.Rewards);
            Assert.Equal(ma.States, mb.States);
            Assert.NotEqual(ma.Rewards, mc.Rewards);
        }
    }

    [Theory]
    [InlineData("states", 7)]
    [InlineData("actions", 3)]
    [InlineData("rewards", 5)]
    [InlineData("nextStates", 9)]
    [InlineData("terminals", 0)]
    public void AWrongSpanLengthThrowsNamingExpectedAndActualAndDrawsNothing(string name, int length)
    {
        var buffer = new ReplayBuffer(capacity: 8, ObservationSize, seed: 1);
        var reference = new ReplayBuffer(capacity: 8, ObservationSize, seed: 1);
        PushNumbered(buffer, 0, 8);
        PushNumbered(reference, 0, 8);
        const int batch = 4;
        float[] states = new float[name == "states" ? length : batch * ObservationSize];
        int[] actions = new int[name == "actions" ? length : batch];
        float[] rewards = new float[name == "rewards" ? length : batch];
        float[] nextStates = new float[name == "nextStates" ? length : batch * ObservationSize];
        float[] terminals = new float[name == "terminals" ? length : batch];
        int expected = name.EndsWith("tates") ? batch * ObservationSize : batch;

        var ex = Assert.Throws<ArgumentException>(() => buffer.Sample(batch, states, actions, rewards, nextStates, terminals));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains($"Expected {name} of length {expected}, but its length is {length}", ex.Message);
        Assert.All(rewards, r => Assert.Equal(0f, r));

        // The generator did not advance: the next draw is the one a buffer that never failed makes.
        Minibatch drawn = new(batch), expectedDraw = new(batch);
        drawn.DrawFrom(buffer);
        expectedDraw.DrawFrom(reference);
        Assert.Equal(expectedDraw.Rewards, drawn.Rewards);
    }

    [Fact]
    public void AWrongStateLengthOnPushThrowsAndStoresNothing()
    {
        var buffer = new ReplayBuffer(capacity: 4, ObservationSize, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => buffer.Push([1f, 2f, 3f], 0, 1f, [1f, 2f], false));
        Assert.Equal("state", ex.ParamName);
        Assert.Contains("Expected state of length 2, but its length is 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => buffer.Push([1f, 2f], 0, 1f, [1f], false));
        Assert.Equal("nextState", ex.ParamName);
        Assert.Equal(0, buffer.Count);
        Assert.Throws<InvalidOperationException>(() => new Minibatch(1).DrawFrom(buffer));
    }

    [Fact]
    public void BadSizesThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(0, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(4, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(1 << 30, 4, 1));
        var buffer = new ReplayBuffer(4, ObservationSize, 1);
        PushNumbered(buffer, 0, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Sample(0, [], [], [], [], []));
    }

    [Fact]
    public void PushAndSampleAllocateNothing()
    {
        var buffer = new ReplayBuffer(capacity: 64, ObservationSize, seed: 1);
        var minibatch = new Minibatch(16);
        float[] state = [1f, 2f], next = [3f, 4f];
        void Round()
        {
            for (int i = 0; i < 10; i++) buffer.Push(state, 1, 1f, next, false);
            minibatch.DrawFrom(buffer);
        }
        for (int i = 0; i < 50; i++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
