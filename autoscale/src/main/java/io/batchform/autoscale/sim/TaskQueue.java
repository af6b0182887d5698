package io.batchform.autoscale.sim;

/** The waiting tasks: a ring deque of task ids, in the order they run; requeued tasks go to the front. */
final class TaskQueue {
    private int[] queue = new int[1024];
    private int head;
    private int size;

    int size() {
        return size;
    }

    /** The task {@code i} places from the front. */
    int get(int i) {
        return queue[(head + i) % queue.length];
    }

    void addLast(int task) {
        grow();
        queue[(head + size) % queue.length] = task;
        size++;
    }

    void addFirst(int task) {
        grow();
        head = (head - 1 + queue.length) % queue.length;
        queue[head] = task;
        size++;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    int removeFirst() {
        int task = queue[head];
        head = (head + 1) % queue.length;
        size--;
        return task;
    }

    private void grow() {
        if (size < queue.length) {
            return;
        }
        int[] bigger = new int[queue.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        queue = bigger;
        head = 0;
    }
}
