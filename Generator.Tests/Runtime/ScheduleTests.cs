using Xunit;

namespace NetGen.Tests.Runtime;

public class ScheduleTests
{
    [Fact]
    public void Constant_is_constant() =>
        Assert.All(Enumerable.Range(0, 10), e => Assert.Equal(0.1f, new ConstantSchedule(0.1f).At(e)));

    [Fact]
    public void StepDecay_multiplies_every_step_size_epochs()
    {
        var schedule = new StepDecaySchedule(1f, 3, 0.5f);
        float[] expected = [1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f];
        Assert.Equal(expected, Enumerable.Range(0, 7).Select(schedule.At).ToArray());
    }

    [Fact]
    public void Exponential_multiplies_every_epoch()
    {
        var schedule = new ExponentialSchedule(0.2f, 0.9f);
        for (int e = 0; e < 20; e++)
        {
            Assert.Equal(0.2 * Math.Pow(0.9, e), schedule.At(e), 1e-7);
        }
    }

    [Fact]
    public void CosineAnnealing_goes_from_initial_to_minimum_and_stays()
    {
        var schedule = new CosineAnnealingSchedule(1f, 10, 0.1f);
        Assert.Equal(1f, schedule.At(0), 1e-6f);
        Assert.Equal(0.55f, schedule.At(5), 1e-6f); // halfway: the mean of initial and minimum
        Assert.Equal(0.1f + 0.9f * (1 + MathF.Cos(MathF.PI * 3 / 10)) / 2, schedule.At(3), 1e-6f);
        Assert.Equal(0.1f, schedule.At(10), 1e-6f);
        Assert.Equal(0.1f, schedule.At(25), 1e-6f);
        for (int e = 1; e <= 10; e++)
        {
            Assert.True(schedule.At(e) < schedule.At(e - 1));
        }
    }

    [Fact]
    public void Warmup_ramps_linearly_then_runs_the_inner_schedule_from_its_start()
    {
        var schedule = new WarmupSchedule(new StepDecaySchedule(0.8f, 2, 0.5f), 3);
        float[] expected = [0.2f, 0.4f, 0.6f, 0.8f, 0.8f, 0.4f];
        float[] actual = Enumerable.Range(0, 6).Select(schedule.At).ToArray();
        for (int e = 0; e < expected.Length; e++)
        {
            Assert.Equal(expected[e], actual[e], 1e-6f);
        }
        Assert.Equal(0.8f, new WarmupSchedule(new ConstantSchedule(0.8f), 0).At(0));
    }

    [Fact]
    public void Negative_epochs_and_bad_sizes_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(1f).At(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(1f, 0.9f).At(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1f, 0, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(1f, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule(new ConstantSchedule(1f), -1));
    }

    [Fact]
    public void A_schedule_drives_the_optimizer_learning_rate()
    {
        var schedule = new StepDecaySchedule(0.1f, 1, 0.5f);
        var sgd = new Sgd(schedule.At(0));
        float[] p = [1f];
        for (int epoch = 0; epoch < 3; epoch++)
        {
            sgd.LearningRate = schedule.At(epoch);
            sgd.Step(p, [1f]);
        }
        Assert.Equal(1f - 0.1f - 0.05f - 0.025f, p[0], 1e-6f);
    }
}
