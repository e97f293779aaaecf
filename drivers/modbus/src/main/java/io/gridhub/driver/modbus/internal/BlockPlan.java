package io.gridhub.driver.modbus.internal;

import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a list of channels is read: nearby channels of one table merged into one request when the unused gap
 * between them is at most {@code maxGap} and the request stays within the protocol's size limit.
 */
final class BlockPlan {
    /** One request: table, first register or bit, count, and which requested channels it answers. */
    record Block(Table table, int start, int count, List<Integer> members) {}

    private BlockPlan() {}

    static List<Block> plan(List<ModbusAddress> channels, int maxGap, int maxRegisters, int maxBits) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> channels.get(i).table())
                .thenComparingInt(i -> channels.get(i).address()));
        List<Block> blocks = new ArrayList<>();
        Table table = null;
        int start = 0;
        int end = 0;
        List<Integer> members = new ArrayList<>();
        for (int i : order) {
            ModbusAddress a = channels.get(i);
            int limit = a.table().isBit() ? maxBits : maxRegisters;
            boolean fits = a.table() == table && a.address() - end <= maxGap && Math.max(end, a.end()) - start <= limit;
            if (!fits) {
                if (table != null) {
                    blocks.add(new Block(table, start, end - start, List.copyOf(members)));
                }
                table = a.table();
                start = a.address();
                end = a.end();
                members.clear();
            }
            end = Math.max(end, a.end());
            members.add(i);
        }
        if (table != null) {
            blocks.add(new Block(table, start, end - start, List.copyOf(members)));
        }
        return blocks;
    }

    /** The same channels, one request each: for a block the device refused as a whole. */
    static List<Block> singles(Block block, List<ModbusAddress> channels) {
        List<Block> out = new ArrayList<>();
        for (int i : block.members()) {
            ModbusAddress a = channels.get(i);
            out.add(new Block(a.table(), a.address(), a.width(), List.of(i)));
        }
        return out;
    }
}
