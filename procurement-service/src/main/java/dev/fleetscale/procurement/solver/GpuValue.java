package dev.fleetscale.procurement.solver;

import dev.fleetscale.contracts.procurement.HardwareCategory;
import java.util.Locale;

/**
 * What a mix pays per unit of GPU capability: its GPU cost per hour (servers' amortised capex or
 * lease, cloud GPUs' rent; storage and network left out) over the dense BF16 TFLOPS and the GPU
 * memory its GPUs add. Lets an approver compare classes on price per TFLOP-hour and per GB-hour.
 *
 * @param gpuCostPerHour USD per hour of the GPU lines
 * @param tflops dense BF16 TFLOPS the GPU lines add
 * @param memoryGb GPU memory the GPU lines add, GB
 */
record GpuValue(double gpuCostPerHour, double tflops, double memoryGb) {

  static GpuValue of(Mix m) {
    double cost = 0;
    double tflops = 0;
    double mem = 0;
    for (MixLine l : m.lines()) {
      if (l.candidate().category() == HardwareCategory.COMPUTE) {
        cost += l.costPerHour();
        tflops += l.candidate().supplies(Resource.GPU_COMPUTE) * l.quantity();
        mem += l.candidate().supplies(Resource.GPU_MEMORY) * l.quantity();
      }
    }
    return new GpuValue(cost, tflops, mem);
  }

  GpuValue plus(GpuValue o) {
    return new GpuValue(gpuCostPerHour + o.gpuCostPerHour, tflops + o.tflops,
        memoryGb + o.memoryGb);
  }

  Double usdPerTflopHour() {
    return tflops > 0 ? gpuCostPerHour / tflops : null;
  }

  Double usdPerGbHour() {
    return memoryGb > 0 ? gpuCostPerHour / memoryGb : null;
  }

  String describe() {
    if (tflops <= 0) {
      return "no GPUs";
    }
    return String.format(Locale.ROOT, "%.4f USD per TFLOP-hour, %.4f USD per GB-hour of GPU memory",
        usdPerTflopHour(), usdPerGbHour());
  }
}
