package io.github.wsstarter.bench.common;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /heap}: the live heap in bytes, after a full collection, so that the benchmark can tell live memory per
 * connection from memory the JVM merely keeps. Both Java targets have it; the Node target answers the same.
 */
@RestController
public class HeapEndpoint {

	@GetMapping("/heap")
	public String heap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return String.valueOf(memory.getHeapMemoryUsage().getUsed());
	}

}
