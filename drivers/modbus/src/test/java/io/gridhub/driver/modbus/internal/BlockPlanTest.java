package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPlanTest {
    private static List<ModbusAddress> parse(String... texts) throws Exception {
        List<ModbusAddress> list = new ArrayList<>();
        for (String t : texts) {
            list.add(ModbusAddress.parse(t));
        }
        return list;
    }

    @Test
    void mergesNearbyRegistersAcrossSmallGapsPerTable() throws Exception {
        List<ModbusAddress> ch = parse("hr:9:float32", "ir:0", "hr:0", "hr:19", "hr:40", "coil:1", "coil:5");
        List<BlockPlan.Block> plan = BlockPlan.plan(ch, 8, 125, 2000);
        // Gaps of 8 (hr:1..8, hr:11..18) merge; 20 (hr:20..39) does not.
        assertThat(plan)
                .containsExactly(
                        new BlockPlan.Block(Table.HOLDING, 0, 20, List.of(2, 0, 3)),
                        new BlockPlan.Block(Table.HOLDING, 40, 1, List.of(4)),
                        new BlockPlan.Block(Table.INPUT, 0, 1, List.of(1)),
                        new BlockPlan.Block(Table.COIL, 1, 5, List.of(5, 6)));
    }

    @Test
    void neverExceedsTheRequestLimit() throws Exception {
        List<ModbusAddress> ch = new ArrayList<>();
        for (int i = 0; i < 300; i += 2) {
            ch.add(ModbusAddress.parse("hr:" + i + ":float32"));
        }
        List<BlockPlan.Block> plan = BlockPlan.plan(ch, 8, 125, 2000);
        assertThat(plan).allSatisfy(b -> assertThat(b.count()).isLessThanOrEqualTo(125));
        assertThat(plan).hasSize(3);
        assertThat(plan.stream().mapToInt(b -> b.members().size()).sum()).isEqualTo(150);
        assertThat(BlockPlan.plan(ch, 0, 10, 2000))
                .allSatisfy(b -> assertThat(b.count()).isLessThanOrEqualTo(10));
    }

    @Test
    void zeroGapMergesOnlyAdjacentAndDuplicatesShareARequest() throws Exception {
        List<ModbusAddress> ch = parse("hr:0", "hr:1", "hr:3", "hr:1:int16");
        assertThat(BlockPlan.plan(ch, 0, 125, 2000))
                .containsExactly(
                        new BlockPlan.Block(Table.HOLDING, 0, 2, List.of(0, 1, 3)),
                        new BlockPlan.Block(Table.HOLDING, 3, 1, List.of(2)));
    }
}
