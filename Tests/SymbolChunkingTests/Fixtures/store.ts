import { EventEmitter } from "events";
import type { Logger } from "./logger";

/** A single to-do entry. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export type Filter = "all" | "open" | "done";

export enum ChangeKind {
  Added,
  Updated,
  Removed,
}

const STORAGE_KEY = "todos";

/** Keeps the list of to-dos and tells listeners about changes. */
export class TodoStore extends EventEmitter {
  private todos: Todo[] = [];
  private nextId = 1;

  constructor(private readonly logger: Logger) {
    super();
  }

  add(title: string): Todo {
    const todo = { id: this.nextId++, title, done: false };
    this.todos.push(todo);
    this.logger.info(`added ${todo.id}`);
    this.emit("change", ChangeKind.Added, todo);
    return todo;
  }

  toggle(id: number): void {
    const todo = this.todos.find((t) => t.id === id);
    if (!todo) {
      throw new Error(`no todo ${id}`);
    }
    todo.done = !todo.done;
    this.emit("change", ChangeKind.Updated, todo);
  }

  visible(filter: Filter): Todo[] {
    switch (filter) {
      case "open":
        return this.todos.filter((t) => !t.done);
      case "done":
        return this.todos.filter((t) => t.done);
      default:
        return [...this.todos];
    }
  }
}

export function save(store: TodoStore, storage: Storage): void {
  const payload = JSON.stringify(store.visible("all"));
  storage.setItem(STORAGE_KEY, payload);
}

export const countOpen = (store: TodoStore): number =>
  store.visible("open").length;
