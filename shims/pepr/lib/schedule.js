"use strict";
// OnSchedule: run a callback every N seconds/minutes/hours with setTimeout/setInterval, keeping
// {completions, startTime, lastTimestamp} in the capability's schedule store so a restart
// resumes the cadence (Pepr 1.1.4 behaviour: the first run happens one interval after start,
// `completions` counts down and the schedule stops and forgets itself at 0).

class OnSchedule {
  constructor(schedule) {
    this.intervalId = null;
    this.store = undefined;
    this.name = schedule.name;
    this.run = schedule.run;
    this.every = schedule.every;
    this.unit = schedule.unit;
    this.startTime = schedule?.startTime;
    this.completions = schedule?.completions;
    this.duration = undefined;
    this.lastTimestamp = undefined;
  }

  setStore(store) {
    this.store = store;
    this.startInterval();
  }

  startInterval() {
    this.checkStore();
    this.getDuration();
    this.setupInterval();
  }

  checkStore() {
    const result = this.store && this.store.getItem(this.name);
    if (result) {
      const stored = JSON.parse(result);
      this.completions = stored?.completions;
      this.startTime = stored?.startTime;
      this.lastTimestamp = stored?.lastTimestamp;
    }
  }

  saveToStore() {
    const schedule = {
      completions: this.completions,
      startTime: this.startTime,
      lastTimestamp: new Date(),
      name: this.name,
    };
    if (this.store) this.store.setItem(this.name, JSON.stringify(schedule));
  }

  getDuration() {
    switch (this.unit) {
      case "seconds":
        if (this.every < 10) throw new Error("10 Seconds in the smallest interval allowed");
        this.duration = 1000 * this.every;
        break;
      case "minutes":
      case "minute":
        this.duration = 1000 * 60 * this.every;
        break;
      case "hours":
      case "hour":
        this.duration = 1000 * 60 * 60 * this.every;
        break;
      default:
        throw new Error("Invalid time unit");
    }
  }

  setupInterval() {
    const now = new Date();
    let delay;
    if (this.lastTimestamp && this.startTime) this.startTime = undefined;
    if (this.startTime) {
      delay = new Date(this.startTime).getTime() - now.getTime();
    } else if (this.lastTimestamp && this.duration) {
      delay = this.duration - (now.getTime() - new Date(this.lastTimestamp).getTime());
    }
    if (delay === undefined || delay <= 0) {
      this.start();
    } else {
      setTimeout(() => this.start(), delay);
    }
  }

  start() {
    this.intervalId = setInterval(() => {
      if (this.completions === 0) {
        this.stop();
        return;
      }
      this.run();
      if (this.completions && this.completions !== 0) this.completions -= 1;
      this.saveToStore();
    }, this.duration);
  }

  stop() {
    if (this.intervalId) {
      clearInterval(this.intervalId);
      this.intervalId = null;
    }
    if (this.store) this.store.removeItem(this.name);
  }
}

module.exports = { OnSchedule };
